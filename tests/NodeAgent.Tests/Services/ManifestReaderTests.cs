using NodeAgent.Boards;
using NodeAgent.Services.Catalogue;
using static NodeAgent.Tests.Services.ManifestTemplate;

namespace NodeAgent.Tests.Services;

public class ManifestReaderTests
{
    [Fact]
    public void TheTemplateLoadsWithEveryField()
    {
        var catalogue = ServiceCatalogue.Load([Local(Valid("test"))]);
        Assert.Empty(catalogue.Errors);
        var m = Assert.Single(catalogue.Manifests);
        Assert.Equal("test", m.Id);
        Assert.Equal("syncthing", m.Continues);
        Assert.Equal(["testpkg"], m.Packages);
        Assert.Equal([BoardArch.Amd64, BoardArch.Arm64], m.Architectures);
        Assert.Equal(new ServiceRequirements(100, 50, 1), m.Requirements);
        Assert.Equal(new ServiceLimits { MemoryHighMb = 150, MemoryMaxMb = 200, CpuQuotaPercent = 100, IoWeight = 50 }, m.Limits);
        Assert.Equal(HealthProbeKind.Http, m.Health.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), m.Health.Interval);
        Assert.Equal(3, m.Health.Failures);
        Assert.Equal(TimeSpan.Zero, m.Health.Grace);
        Assert.Equal([new ServicePort(8080, PortProtocol.Tcp, "web"), new ServicePort(5000, PortProtocol.Udp, "data")], m.Ports);
        Assert.Equal(AnnounceActionKind.OpenUrl, m.Announce!.Action.Kind);
        Assert.Equal("v", m.Announce.Fields["k"]);
        Assert.Empty(m.Debconf);
    }

    [Fact]
    public void OptionalPartsMayBeLeftOut()
    {
        var json = Edit("\"continues\": \"syncthing\",", "");
        json = Cut(json, """,  "announce": { "type": "_test._tcp", "port": 8080, "fields": { "k": "v" }, "action": { "kind": "open-url", "template": "http://{host}:{port}/" } }""", ", \"debconf\": []");
        json = Cut(json, ", \"cores\": 1", "");
        json = Cut(json, "\"memoryHighMb\": 150, \"memoryMaxMb\": 200, \"cpuQuotaPercent\": 100, \"ioWeight\": 50", "\"memoryMaxMb\": 200");
        var m = Assert.Single(ServiceCatalogue.Load([Local(json)]).Manifests);
        Assert.Null(m.Continues);
        Assert.Null(m.Announce);
        Assert.Equal(1, m.Requirements.Cores);
        Assert.Null(m.Limits.MemoryHighMb);
        Assert.Null(m.Limits.CpuQuotaPercent);
    }

    private static string Cut(string json, string from, string to)
    {
        var flat = json.ReplaceLineEndings("");
        Assert.Contains(from, flat, StringComparison.Ordinal);
        return flat.Replace(from, to, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenJsonNamesLineAndPosition()
    {
        var message = ProblemAt(Edit("\"priority\": 50,", "\"priority\": 50"), "$");
        Assert.StartsWith("line 12, position 3: '\"' is invalid after a value", message, StringComparison.Ordinal);
        Assert.EndsWith("a manifest is one JSON object without comments", message, StringComparison.Ordinal);
    }

    [Fact]
    public void CommentsAreRefused() =>
        Assert.StartsWith("line 2,", ProblemAt(Edit("\"id\"", "// the id\n  \"id\""), "$"), StringComparison.Ordinal);

    [Fact]
    public void AnArrayAtTheTopIsNotAManifest() =>
        Assert.StartsWith("must be an object with id, name,", ProblemAt("[]", "$"), StringComparison.Ordinal);

    [Fact]
    public void AHugeFileIsNotParsed() =>
        Assert.Contains("a manifest is at most 65536", ProblemAt(Valid("test") + new string(' ', 70_000), "$"), StringComparison.Ordinal);

    [Fact]
    public void EveryProblemOfAFileIsReportedAtOnce()
    {
        var json = Edit("\"priority\": 50", "\"priority\": 500").Replace("\"ramMb\": 100", "\"ramMb\": -1", StringComparison.Ordinal)
            .Replace("\"kind\": \"http\"", "\"kind\": \"ping\"", StringComparison.Ordinal);
        var paths = ProblemsOf(json).Select(p => p.Path).ToList();
        Assert.Equal(["$.priority", "$.requirements.ramMb", "$.health.kind"], paths);
    }

    [Fact]
    public void AnAlmostEmptyManifestListsEveryMissingPart()
    {
        var problems = ProblemsOf("{ \"id\": \"test\" }");
        Assert.Equal(["$.name", "$.description", "$.packages", "$.unit", "$.architectures", "$.priority", "$.requirements", "$.limits", "$.ports", "$.health"],
            problems.Select(p => p.Path));
        Assert.All(problems, p => Assert.StartsWith("is missing; give ", p.Message, StringComparison.Ordinal));
    }

    [Theory]
    // What is wrong, where, and what the message must say (what is allowed or what to do).
    [InlineData("\"continues\": \"syncthing\",", "\"continue\": \"syncthing\",", "$.continue", "is not a property here; allowed: id, name, description, continues, packages")]
    [InlineData("\"ramMb\": 100,", "\"ramMb\": 100, \"ramMb\": 120,", "$.requirements.ramMb", "is given twice; keep one")]
    [InlineData("\"id\": \"test\"", "\"id\": \"Test_1\"", "$.id", "'Test_1' must be 1-40 characters of a-z 0-9 '-'")]
    [InlineData("\"id\": \"test\"", "\"id\": \"other\"", "$.id", "differs from the file name; rename the file to other.json or set \"id\": \"test\"")]
    [InlineData("\"id\": \"test\"", "\"id\": 7", "$.id", "must be a string; found the number 7")]
    [InlineData("\"name\": \"Test service\",", "", "$.name", "is missing; give a string")]
    [InlineData("\"description\": \"A service for tests.\"", "\"description\": \"two\\nlines\"", "$.description", "must be 1-500 characters on one line")]
    [InlineData("\"continues\": \"syncthing\"", "\"continues\": \"owncloud\"", "$.continues", "is not a Cloudy service; allowed: syncthing, tahoe-lafs, peerstreamer, dnsservice, guifi-proxy3, snpservice, serf, etcd, owp")]
    [InlineData("[\"testpkg\"]", "[]", "$.packages", "has 0 items; give 1 to 8 Debian package names")]
    [InlineData("[\"testpkg\"]", "[\"Test Pkg\"]", "$.packages[0]", "'Test Pkg' is not a Debian package name")]
    [InlineData("[\"testpkg\"]", "[\"testpkg\", \"testpkg\"]", "$.packages[1]", "'testpkg' is listed twice")]
    [InlineData("[\"testpkg\"]", "\"testpkg\"", "$.packages", "must be an array of Debian package names; found the string 'testpkg'")]
    [InlineData("\"testpkg.service\"", "\"testpkg.timer\"", "$.unit", "must be a systemd service unit name")]
    [InlineData("\"testpkg.service\"", "\"testpkg@.service\"", "$.unit", "is a template; name an instance such as testpkg@name.service")]
    [InlineData("[\"amd64\", \"arm64\"]", "[\"amd64\", \"armhf\"]", "$.architectures[1]", "'armhf' is not an architecture the agent runs on; allowed: amd64, arm64")]
    [InlineData("\"priority\": 50", "\"priority\": 101", "$.priority", "is 101; give the priority as a whole number from 0 to 100")]
    [InlineData("\"priority\": 50", "\"priority\": 50.5", "$.priority", "is 50.5; give the priority")]
    [InlineData("\"ramMb\": 100", "\"ramMb\": 0", "$.requirements.ramMb", "is 0; give the MiB of RAM the service uses while running as a whole number from 1 to 65536")]
    [InlineData("\"ramMb\": 100", "\"ramMb\": \"100\"", "$.requirements.ramMb", "must be a whole number (the MiB of RAM the service uses while running, 1 to 65536); found the string '100'")]
    [InlineData("\"diskMb\": 50, ", "", "$.requirements.diskMb", "is missing; give a whole number")]
    [InlineData("\"cores\": 1", "\"cores\": 0", "$.requirements.cores", "is 0; give the CPU cores the node needs at least")]
    [InlineData("\"memoryHighMb\": 150, \"memoryMaxMb\": 200", "\"memoryMaxMb\": 90", "$.limits.memoryMaxMb", "is 90 MiB, below requirements.ramMb (100 MiB): the kernel would kill the service in normal use; give at least 100")]
    [InlineData("\"memoryHighMb\": 150", "\"memoryHighMb\": 80", "$.limits.memoryHighMb", "is 80 MiB, below requirements.ramMb (100 MiB): the service would be throttled")]
    [InlineData("\"memoryHighMb\": 150", "\"memoryHighMb\": 200", "$.limits.memoryHighMb", "is 200 MiB, not below memoryMaxMb (200 MiB)")]
    [InlineData("\"memoryHighMb\": 150, \"memoryMaxMb\": 200, ", "", "$.limits.memoryMaxMb", "is missing; give a whole number (MemoryMax= in MiB (every service gets a hard memory cap)")]
    [InlineData("\"cpuQuotaPercent\": 100", "\"cpuQuotaPercent\": 0", "$.limits.cpuQuotaPercent", "is 0; give CPUQuota= in percent of one core as a whole number from 1 to 6400")]
    [InlineData("\"ioWeight\": 50", "\"ioWeight\": 20000", "$.limits.ioWeight", "is 20000; give IOWeight= as a whole number from 1 to 10000")]
    [InlineData("\"ioWeight\": 50", "\"ioweight\": 50", "$.limits.ioweight", "is not a property here; allowed: memoryHighMb, memoryMaxMb, cpuQuotaPercent, ioWeight")]
    [InlineData("\"kind\": \"http\"", "\"kind\": \"ping\"", "$.health.kind", "'ping' is not a probe kind; allowed: http, tcp, command")]
    [InlineData("\"http://127.0.0.1:8080/health\"", "\"http://10.1.2.3:8080/health\"", "$.health.url", "must point at this node (host 127.0.0.1, ::1 or localhost)")]
    [InlineData("\"http://127.0.0.1:8080/health\"", "\"https://127.0.0.1:8080/health\"", "$.health.url", "must be an http:// URL without user or password")]
    [InlineData("\"http://127.0.0.1:8080/health\"", "\"http://127.0.0.1:9999/health\"", "$.health.url", "uses port 9999, which is not among the manifest's tcp ports; add it to \"ports\"")]
    [InlineData("\"url\": \"http://127.0.0.1:8080/health\"", "\"url\": \"http://127.0.0.1:8080/health\", \"port\": 8080", "$.health.port", "does not apply to a http probe, which takes url, expectStatus")]
    [InlineData("\"kind\": \"http\", \"url\": \"http://127.0.0.1:8080/health\"", "\"kind\": \"tcp\", \"port\": 5000", "$.health.port", "5000 is not among the manifest's tcp ports")]
    [InlineData("\"kind\": \"http\", \"url\": \"http://127.0.0.1:8080/health\"", "\"kind\": \"command\", \"command\": [\"dig\", \"@127.0.0.1\"]", "$.health.command[0]", "'dig' must be an absolute path (e.g. /usr/bin/dig); the command runs without a shell or PATH")]
    [InlineData("\"kind\": \"http\", \"url\": \"http://127.0.0.1:8080/health\"", "\"kind\": \"command\", \"command\": []", "$.health.command", "has 0 items; give 1 to 16 program and arguments")]
    [InlineData("\"timeoutSeconds\": 5", "\"timeoutSeconds\": 30", "$.health.timeoutSeconds", "is 30 s, not shorter than intervalSeconds (30 s)")]
    [InlineData("\"intervalSeconds\": 30", "\"intervalSeconds\": 1", "$.health.intervalSeconds", "is 1; give seconds between checks as a whole number from 5 to 3600")]
    [InlineData("\"protocol\": \"udp\"", "\"protocol\": \"sctp\"", "$.ports[1].protocol", "'sctp' is not a protocol; allowed: tcp, udp")]
    [InlineData("{ \"port\": 5000, \"protocol\": \"udp\"", "{ \"port\": 8080, \"protocol\": \"tcp\"", "$.ports[1]", "8080/tcp is listed twice")]
    [InlineData("{ \"port\": 5000,", "{ \"port\": 70000,", "$.ports[1].port", "is 70000; give the port number as a whole number from 1 to 65535")]
    [InlineData("\"type\": \"_test._tcp\"", "\"type\": \"test\"", "$.announce.type", "'test' must be a DNS-SD service type such as _syncthing._tcp")]
    [InlineData("\"type\": \"_test._tcp\"", "\"type\": \"_test._udp\"", "$.announce.port", "8080/udp (the protocol of type _test._udp) is not among the manifest's ports")]
    [InlineData("\"fields\": { \"k\": \"v\" }", "\"fields\": { \"K Y\": \"v\" }", "$.announce.fields.K Y", "is not a field key; a key must be 1-32 characters")]
    [InlineData("\"fields\": { \"k\": \"v\" }", "\"fields\": { \"k\": 5 }", "$.announce.fields.k", "must be a string; found the number 5")]
    [InlineData("\"fields\": { \"k\": \"v\" }", "\"fields\": { \"action-template\": \"v\" }", "$.announce.fields.action-template", "is reserved for the announced action; set it in \"action\"")]
    [InlineData("\"kind\": \"open-url\"", "\"kind\": \"ssh\"", "$.announce.action.kind", "'ssh' is not an action; allowed: open-url, connect-client")]
    [InlineData("\"http://{host}:{port}/\"", "\"http://{hostname}:{port}/\"", "$.announce.action.template", "has the unknown placeholder {hostname}; allowed placeholders: {host}, {port}")]
    [InlineData("\"http://{host}:{port}/\"", "\"http://{host:{port}/\"", "$.announce.action.template", "has an unmatched brace")]
    [InlineData("\"http://{host}:{port}/\"", "\"http://node.example:{port}/\"", "$.announce.action.template", "must contain {host}")]
    [InlineData("\"http://{host}:{port}/\"", "\"ftp://{host}:{port}/\"", "$.announce.action.template", "must start with http:// or https:// for an open-url action")]
    [InlineData("\"kind\": \"open-url\", \"template\"", "\"kind\": \"connect-client\", \"template\"", "$.announce.action.client", "is missing; give a string")]
    public void ABadValueIsReportedWithItsPathAndWhatIsAllowed(string from, string to, string path, string message) =>
        Assert.Contains(message, ProblemAt(Edit(from, to), path), StringComparison.Ordinal);

    [Theory]
    [InlineData("""{ "question": "testpkg/adminpassword", "type": "password", "value": "hackme" }""", "$.debconf[0].secret", "must be true for a password: a password is never written in a manifest")]
    [InlineData("""{ "question": "otherpkg/q", "type": "string", "value": "x" }""", "$.debconf[0].question", "belongs to a package the manifest does not install; its packages: testpkg")]
    [InlineData("""{ "question": "testpkg", "type": "string", "value": "x" }""", "$.debconf[0].question", "must be PACKAGE/NAME as debconf-get-selections shows it")]
    [InlineData("""{ "question": "testpkg/q", "type": "select", "value": "x" }""", "$.debconf[0].type", "allowed: boolean, string, password")]
    [InlineData("""{ "question": "testpkg/q", "type": "string", "secret": true, "value": "x" }""", "$.debconf[0].value", "must be left out when \"secret\" is true")]
    [InlineData("""{ "question": "testpkg/q", "type": "string" }""", "$.debconf[0]", "needs a \"value\", or \"secret\": true")]
    [InlineData("""{ "question": "testpkg/q", "type": "boolean", "value": "yes" }""", "$.debconf[0].value", "'yes' must be \"true\" or \"false\"")]
    public void DebconfAnswersNeverHoldAPassword(string answer, string path, string message) =>
        Assert.Contains(message, ProblemAt(Edit("\"priority\": 50,", $"\"priority\": 50, \"debconf\": [ {answer} ],"), path), StringComparison.Ordinal);

    [Fact]
    public void DebconfSecretsAndValuesLoad()
    {
        var json = Edit("\"priority\": 50,", """ "priority": 50, "debconf": [ { "question": "testpkg/setup", "type": "boolean", "value": "true" }, { "question": "testpkg/adminpassword", "type": "password", "secret": true } ],""");
        var m = Assert.Single(ServiceCatalogue.Load([Local(json)]).Manifests);
        Assert.Equal([new DebconfAnswer("testpkg/setup", "boolean", "true", false), new DebconfAnswer("testpkg/adminpassword", "password", null, true)], m.Debconf);
    }

    [Fact]
    public void ASystemUserIsCheckedToo()
    {
        var message = ProblemAt(Edit("\"priority\": 50,", """ "priority": 50, "systemUser": { "name": "Sync Thing", "home": "/var/lib/st" },"""), "$.systemUser.name");
        Assert.Contains("must be a system user name", message, StringComparison.Ordinal);
        var home = ProblemAt(Edit("\"priority\": 50,", """ "priority": 50, "systemUser": { "name": "st", "home": "/var/lib/../etc" },"""), "$.systemUser.home");
        Assert.Contains("must be an absolute path without '..'", home, StringComparison.Ordinal);
    }

    [Fact]
    public void AQuotedValueIsShortenedInTheMessage()
    {
        var message = ProblemAt(Edit("\"id\": \"test\"", $"\"id\": \"{new string('x', 500)}\""), "$.id");
        Assert.True(message.Length < 200, message);
        Assert.Contains("...", message, StringComparison.Ordinal);
    }
}
