using NodeAgent.Cli;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// One binary, two roles: `nodeagent run` is the daemon; every other verb is a client of it.
if (args is ["__etcd-probe", .. var endpoints])
{
    return await EtcdProbe.RunAsync(endpoints).ConfigureAwait(false);
}
return await CommandLine.InvokeAsync(args).ConfigureAwait(false);
