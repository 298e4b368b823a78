using NodeAgent.Cli;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// One binary, two roles: `nodeagent run` is the daemon; every other verb is a client of it.
return await CommandLine.InvokeAsync(args).ConfigureAwait(false);
