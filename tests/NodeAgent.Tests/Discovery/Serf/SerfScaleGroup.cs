namespace NodeAgent.Tests.Discovery.Serf;

/// <summary>Runs alone: 100 agents take both cores for a few seconds.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerfScaleGroup
{
    public const string Name = "Serf scale";
}
