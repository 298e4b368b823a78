namespace NodeAgent.Services.Manager;

/// <summary>Where one catalogue service stands on this node.</summary>
public enum ServiceState
{
    /// <summary>Service management is unavailable here (no systemd as PID 1): the agent cannot tell.</summary>
    Unknown,

    /// <summary>Its packages are not (all) installed.</summary>
    NotInstalled,

    /// <summary>apt is installing it; see the progress.</summary>
    Installing,

    /// <summary>Installed, its unit is not running.</summary>
    Stopped,

    /// <summary>Its unit runs and the health probe has not passed yet.</summary>
    Starting,

    /// <summary>Its unit runs and the health probe passes.</summary>
    Healthy,

    /// <summary>Its unit runs but the health probe failed as many times in a row as the manifest allows.</summary>
    Unhealthy,

    /// <summary>systemd says the unit failed (or is waiting to restart it after a crash).</summary>
    Failed,

    /// <summary>Stopped by the agent under memory pressure; started again when the node has been calm long enough.</summary>
    Shed,
}

/// <summary>The names the API, the CLI and the event kinds use.</summary>
public static class ServiceStates
{
    public static string Name(ServiceState state) => state switch
    {
        ServiceState.NotInstalled => "not-installed",
        ServiceState.Installing => "installing",
        ServiceState.Stopped => "stopped",
        ServiceState.Starting => "starting",
        ServiceState.Healthy => "healthy",
        ServiceState.Unhealthy => "unhealthy",
        ServiceState.Failed => "failed",
        ServiceState.Shed => "shed",
        _ => "unknown",
    };

    /// <summary>The unit runs (or is coming up): it holds memory and ports.</summary>
    public static bool IsRunning(ServiceState state) => state is ServiceState.Starting or ServiceState.Healthy or ServiceState.Unhealthy;

    /// <summary>The packages are on the node.</summary>
    public static bool IsInstalled(ServiceState state) => state is not (ServiceState.Unknown or ServiceState.NotInstalled or ServiceState.Installing);
}
