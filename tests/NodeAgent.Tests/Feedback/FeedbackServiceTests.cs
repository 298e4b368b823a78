using System.Device.Gpio;
using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Boards;
using NodeAgent.Feedback;
using NodeAgent.Tests.Boards;

namespace NodeAgent.Tests.Feedback;

public sealed class FeedbackServiceTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly TimerTimeProvider _time = new();
    private readonly Conditions _conditions = new();
    private readonly NodeAgent.Hosting.ConditionsChanged _changes = new();
    private readonly List<IDisposable> _cleanup = [];

    private sealed class Conditions : INodeConditionsSource
    {
        public NodeConditions Now { get; set; } = new() { NetworkUp = true };

        private int _calls;

        // Read by the test thread while the service's loop evaluates on the thread pool.
        public int Calls => Volatile.Read(ref _calls);

        public NodeConditions Current()
        {
            Interlocked.Increment(ref _calls);
            return Now;
        }

        public bool? NetworkUp() => Now.NetworkUp;
    }

    public void Dispose()
    {
        foreach (var d in _cleanup)
        {
            d.Dispose();
        }
        _tree.Dispose();
    }

    /// <summary>A Pi 4 whose ACT and PWR LEDs are files, and whose button is on a simulated chip.</summary>
    private (FeedbackService Service, SimulatedGpioDriver Chip) Pi4()
    {
        foreach (var name in new[] { "ACT", "PWR" })
        {
            _tree.Write($"sys/class/leds/{name}/trigger", "none [mmc0] timer heartbeat default-on pattern\n");
        }
        var chip = new SimulatedGpioDriver(_time);
        var catalog = BoardCatalog.LoadDefault();
        var board = catalog.Find("rpi4b")!;
        var devices = FeedbackDevices.Open(board, _tree.Root, _time, _ => new GpioController(chip), NullLogger.Instance);
        var service = new FeedbackService(devices, catalog, new BoardChoice(board, "configured: Node:Board is 'rpi4b'"), _conditions, new FeedbackOptions(), _time, NullLogger<FeedbackService>.Instance, _changes);
        devices.Button!.Start(service.OnEdge);
        _cleanup.Add(service);
        _cleanup.Add(devices);
        return (service, chip);
    }

    private string Trigger(string led) => _tree.Read($"sys/class/leds/{led}/trigger");

    [Fact]
    public void AHealthyNodeShowsAHeartbeatAndAPowerLedThatIsOn()
    {
        var (service, _) = Pi4();
        var status = service.RefreshNow();
        Assert.Equal(("healthy", "heartbeat", "70/245/70/875 ms"), (status.State, status.Pattern, status.Timing));
        Assert.Equal(("heartbeat", "default-on"), (Trigger("ACT"), Trigger("PWR")));
        Assert.Equal("rpi4b", status.Board);
        Assert.Equal("gpiochip0 line 17", status.Button);
        Assert.Equal(
            [new("ACT", "status", "green", "heartbeat", "heartbeat trigger"), new Contracts.FeedbackLed("PWR", "power", "red", "solid", "default-on trigger")],
            status.Leds);
    }

    [Fact]
    public void LedsAreWrittenOnlyWhenTheirPatternChanges()
    {
        var (service, _) = Pi4();
        service.RefreshNow();
        _tree.Write("sys/class/leds/ACT/trigger", "sentinel");
        service.RefreshNow();
        Assert.Equal("sentinel", Trigger("ACT"));
        _conditions.Now = _conditions.Now with { NetworkUp = false };
        var status = service.RefreshNow();
        Assert.Equal(("no-network", "single-flash"), (status.State, status.Pattern));
        Assert.Equal(("timer", "100", "1900"), (Trigger("ACT"), _tree.Read("sys/class/leds/ACT/delay_on"), _tree.Read("sys/class/leds/ACT/delay_off")));
    }

    [Fact]
    public async Task TheLoopEvaluatesOnAChangeOnALinkChangeAndOtherwiseRarely()
    {
        var (service, _) = Pi4();
        await service.StartAsync(CancellationToken.None);
        // ExecuteAsync runs on the thread pool: wait for each wake-up to be handled (the timer re-armed) before the next.
        await WakesReach(service, 1);
        Assert.Equal(1, _conditions.Calls);
        // Link checks alone: nothing changed, nothing evaluated.
        await LinkChecks(service, 5);
        Assert.Equal(1, _conditions.Calls);
        // A signalled change is evaluated at once.
        var wakes = service.Wakes;
        _changes.Raise();
        await WakesReach(service, wakes + 1);
        Assert.Equal(2, _conditions.Calls);
        // The cable is pulled: the next link check sees it and evaluates, and the LEDs say so.
        _conditions.Now = new NodeConditions { NetworkUp = false, Phase = StartPhase.Running };
        await LinkChecks(service, 1);
        Assert.Equal(3, _conditions.Calls);
        Assert.Equal("no-network", service.Status.State);
        // The safety net: a full evaluation every 30 s even when nothing signalled.
        await LinkChecks(service, 14);
        Assert.Equal(3, _conditions.Calls);
        await LinkChecks(service, 1);
        Assert.Equal(4, _conditions.Calls);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AnIdentifyWindowEndsOnItsOwnWithoutAnySignal()
    {
        var (service, _) = Pi4();
        await service.StartAsync(CancellationToken.None);
        await WakesReach(service, 1);
        Assert.Equal("identify", service.Identify(TimeSpan.FromSeconds(5)).State);
        Assert.Equal(2, _conditions.Calls);
        // Two link checks (nothing changed, nothing evaluated), then the window's end at 5 s: one due timer per step,
        // each handled before the next. A single 5 s Advance passes the 2 s link check too, and the loop could handle
        // that wake-up mid-Advance and re-arm after it, so the window's end was sometimes never reached (once in CI).
        await LinkChecks(service, 2);
        Assert.Equal(2, _conditions.Calls);
        Assert.Equal("identify", service.Status.State);
        var wakes = service.Wakes;
        _time.Advance(TimeSpan.FromSeconds(1));
        await WakesReach(service, wakes + 1);
        Assert.Equal(3, _conditions.Calls);
        Assert.NotEqual("identify", service.Status.State);
        Assert.Equal("heartbeat", Trigger("ACT"));
        await service.StopAsync(CancellationToken.None);
    }

    /// <summary>Moves time by <paramref name="count"/> link-check periods, each handled before the next.</summary>
    private async Task LinkChecks(FeedbackService service, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var wakes = service.Wakes;
            _time.Advance(TimeSpan.FromSeconds(2));
            await WakesReach(service, wakes + 1);
        }
    }

    private static async Task WakesReach(FeedbackService service, int wakes)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (service.Wakes < wakes && DateTime.UtcNow < deadline)
        {
            await Task.Delay(2);
        }
        Assert.Equal(wakes, service.Wakes);
    }

    [Fact]
    public void IdentifyBlinksForTheAskedTimeThenTheNodeStateReturns()
    {
        var (service, _) = Pi4();
        var status = service.Identify(TimeSpan.FromSeconds(30));
        Assert.Equal(("identify", "blink"), (status.State, status.Pattern));
        Assert.Equal(_time.GetUtcNow().AddSeconds(30), status.IdentifyUntil);
        Assert.Equal(("timer", "250", "250"), (Trigger("ACT"), _tree.Read("sys/class/leds/ACT/delay_on"), _tree.Read("sys/class/leds/ACT/delay_off")));
        _time.Advance(TimeSpan.FromSeconds(30));
        status = service.RefreshNow();
        Assert.Equal("healthy", status.State);
        Assert.Null(status.IdentifyUntil);
        Assert.Equal("heartbeat", Trigger("ACT"));
    }

    [Fact]
    public void AShortPressOnTheGpioButtonIdentifies()
    {
        var (service, chip) = Pi4();
        var gestures = new List<ButtonGesture>();
        service.GestureRecognized += gestures.Add;
        _time.Advance(TimeSpan.FromSeconds(10));
        chip.Drive(17, PinValue.Low);
        _time.Advance(TimeSpan.FromMilliseconds(200));
        chip.Drive(17, PinValue.High);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal([ButtonGesture.Identify], gestures);
        Assert.Equal("identify", service.Status.State);
        // Recognised once the release settled (50 ms after it), 50 ms ago.
        Assert.Equal(_time.GetUtcNow().AddMilliseconds(29_950), service.Status.IdentifyUntil);
    }

    [Fact]
    [Trait("Category", "Serf")]
    public async Task AShortPressAlsoAnnouncesTheNodeAgainThroughSerf()
    {
        var (service, chip) = Pi4();
        await using var cluster = await Tests.Discovery.Serf.SerfCluster.StartAsync(2, "fbp");
        await using var discovery = await Tests.Discovery.DiscoveryHarness.StartAsync(cluster[0].RpcEndpoint, [Tests.Discovery.DiscoveryHarness.Svc("_web._tcp", "site", 80)]);
        await Tests.Discovery.DiscoveryHarness.WaitUntilAsync(() => discovery.Status.IsUp, TimeSpan.FromSeconds(5), "connected");
        await Task.Delay(1000); // the first notice has gone by
        await using var listener = await NodeAgent.Discovery.Serf.SerfRpcClient.ConnectAsync(cluster[1].RpcEndpoint);
        var stream = await listener.StreamAsync("user:" + NodeAgent.Discovery.RecordNotice.EventName);
        var data = Directory.CreateTempSubdirectory("nodeagent-fb-").FullName;
        using var store = NodeAgent.Storage.NodeStore.Open(data);
        var bridge = new NodeAgent.Hosting.CloudFeedback(service, new FeedbackOptions(), discovery.Service, new NodeAgent.Storage.EventLog(store, _time, 100), _time,
            NullLogger<NodeAgent.Hosting.CloudFeedback>.Instance);
        await bridge.StartAsync(CancellationToken.None);
        try
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            chip.Drive(17, PinValue.Low);
            _time.Advance(TimeSpan.FromMilliseconds(200));
            chip.Drive(17, PinValue.High);
            _time.Advance(TimeSpan.FromMilliseconds(100));

            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var notice = Assert.IsType<NodeAgent.Discovery.Serf.SerfUserEvent>(await stream.ReadAsync(limit.Token));
            Assert.Equal(discovery.NodeId, NodeAgent.Discovery.RecordNotice.TryDecode(notice.Payload)?.NodeId);
            Assert.Equal("identify", service.Status.State);
        }
        finally
        {
            await bridge.StopAsync(CancellationToken.None);
            await stream.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void HoldingThreeSecondsOpensThePairingWindow()
    {
        var (service, chip) = Pi4();
        var gestures = new List<ButtonGesture>();
        service.GestureRecognized += gestures.Add;
        _time.Advance(TimeSpan.FromSeconds(10));
        chip.Drive(17, PinValue.Low);
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(gestures);
        chip.Drive(17, PinValue.High);
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal([ButtonGesture.Pairing], gestures);
        Assert.Equal(("pairing-window", "solid"), (service.Status.State, service.Status.Pattern));
        Assert.Equal("default-on", Trigger("ACT"));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("healthy", service.RefreshNow().State);
    }

    [Fact]
    public void ThePairingWindowOfTheButtonPairsOneDeviceThenCloses()
    {
        var (service, chip) = Pi4();
        var data = Directory.CreateTempSubdirectory("nodeagent-pairing-").FullName;
        var store = NodeAgent.Storage.NodeStore.Open(data);
        var events = new NodeAgent.Storage.EventLog(store, _time, 100);
        var owner = new NodeAgent.Auth.OwnerAuth(new NodeAgent.Storage.OwnerStore(store, events), events, new NodeAgent.Auth.PasswordHasher(1000), _time, NullLogger<NodeAgent.Auth.OwnerAuth>.Instance);
        var request = new Contracts.PairRequest(null, "a long enough password", "phone");
        try
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            Assert.Equal(403, owner.Pair(request, "192.0.2.1", service.TryClosePairingWindow).Status);
            chip.Drive(17, PinValue.Low);
            _time.Advance(TimeSpan.FromSeconds(4));
            chip.Drive(17, PinValue.High);
            _time.Advance(TimeSpan.FromMilliseconds(50));
            Assert.InRange(service.PairingWindowUntil!.Value - _time.GetUtcNow(), TimeSpan.FromMinutes(4.9), TimeSpan.FromMinutes(5));
            Assert.Equal("pairing-window", service.Status.State);

            Assert.Equal(200, owner.Pair(request, "192.0.2.1", service.TryClosePairingWindow).Status);
            Assert.Null(service.PairingWindowUntil);
            Assert.Equal(("healthy", "heartbeat"), (service.Status.State, Trigger("ACT")));
            Assert.Equal(403, owner.Pair(request with { Password = null }, "192.0.2.2", service.TryClosePairingWindow).Status);
        }
        finally
        {
            store.Dispose();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void HoldingThroughTheCountdownResetsOnceAndEveryLedFlickersMeanwhile()
    {
        var (service, chip) = Pi4();
        var gestures = new List<ButtonGesture>();
        service.GestureRecognized += gestures.Add;
        _time.Advance(TimeSpan.FromSeconds(10));
        chip.Drive(17, PinValue.Low);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal([ButtonGesture.ResetCountdownStarted], gestures);
        Assert.Equal(("factory-reset-countdown", 5), (service.Status.State, service.Status.ResetCountdownSeconds));
        Assert.Equal(("timer", "timer"), (Trigger("ACT"), Trigger("PWR")));
        Assert.Equal("50", _tree.Read("sys/class/leds/PWR/delay_on"));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(3, service.RefreshNow().ResetCountdownSeconds);
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal([ButtonGesture.ResetCountdownStarted, ButtonGesture.FactoryReset], gestures);
        _time.Advance(TimeSpan.FromSeconds(60));
        chip.Drive(17, PinValue.High);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, gestures.Count);
    }

    [Fact]
    public void ReleasingDuringTheCountdownCancels()
    {
        var (service, chip) = Pi4();
        var gestures = new List<ButtonGesture>();
        service.GestureRecognized += gestures.Add;
        _time.Advance(TimeSpan.FromSeconds(10));
        chip.Drive(17, PinValue.Low);
        _time.Advance(TimeSpan.FromSeconds(12));
        chip.Drive(17, PinValue.High);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal([ButtonGesture.ResetCountdownStarted, ButtonGesture.ResetCancelled], gestures);
        Assert.Equal("healthy", service.RefreshNow().State);
        Assert.Null(service.Status.PairingUntil);
    }

    [Fact]
    public void APressDuringStartUpDoesNothing()
    {
        var (service, chip) = Pi4();
        var gestures = new List<ButtonGesture>();
        service.GestureRecognized += gestures.Add;
        chip.Drive(17, PinValue.Low);
        _time.Advance(TimeSpan.FromSeconds(30));
        chip.Drive(17, PinValue.High);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(gestures);
        Assert.Equal("healthy", service.RefreshNow().State);
    }

    [Fact]
    public void AnLedThatCannotBeWrittenIsReportedAndTheOthersGoOn()
    {
        var (service, _) = Pi4();
        File.Delete(_tree.PathOf("sys/class/leds/ACT/trigger"));
        Directory.CreateDirectory(_tree.PathOf("sys/class/leds/ACT/trigger"));
        var status = service.RefreshNow();
        Assert.Equal("failed (see the log)", status.Leds[0].Method);
        Assert.Equal("default-on trigger", status.Leds[1].Method);
    }
}
