using NodeAgent.Cli;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// One binary, two roles: `nodeagent run` is the daemon; every other verb is a client of it.
if (args is ["__serf-probe", var endpoint, var peer])
{
    return await SerfProbe.RunAsync(endpoint, peer).ConfigureAwait(false);
}
return await CommandLine.InvokeAsync(args).ConfigureAwait(false);
