using NodeAgent.Cli;

// One binary, two roles: `nodeagent run` is the daemon; every other verb is a client of it.
return await CommandLine.InvokeAsync(args).ConfigureAwait(false);
