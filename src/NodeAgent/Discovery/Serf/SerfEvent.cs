namespace NodeAgent.Discovery.Serf;

/// <summary>One record of an event stream (<see cref="ISerfClient.StreamAsync"/>).</summary>
internal abstract record SerfEvent;
