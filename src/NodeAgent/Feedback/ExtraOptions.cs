using System.Device.I2c;
using System.Device.Spi;

namespace NodeAgent.Feedback;

/// <summary>Which extra outputs to drive, and how they reach their buses (the real device files on a node, recording doubles in tests).</summary>
/// <param name="Enabled">What the owner fitted (<c>Feedback:Extras</c>).</param>
/// <param name="OpenSpi">Opens an SPI device; an <see cref="IOException"/> means it is not there.</param>
/// <param name="OpenI2c">Opens an I²C device; an <see cref="IOException"/> means the bus is not there.</param>
/// <param name="Facts">What the status screen shows besides the state.</param>
internal sealed record ExtraOptions(
    ExtraOutputs Enabled,
    Func<SpiConnectionSettings, SpiDevice> OpenSpi,
    Func<I2cConnectionSettings, I2cDevice> OpenI2c,
    Func<ScreenFacts> Facts)
{
    public static ExtraOptions None { get; } = new(ExtraOutputs.None, _ => throw new InvalidOperationException(), _ => throw new InvalidOperationException(), () => throw new InvalidOperationException());

    /// <summary>The kernel's spidev and i2c-dev files under <paramref name="hostRoot"/>.</summary>
    public static ExtraOptions Real(ExtraOutputs enabled, string hostRoot, Func<ScreenFacts> facts) => new(
        enabled,
        settings => SpiDevice.Create(Existing(hostRoot, $"dev/spidev{settings.BusId}.{settings.ChipSelectLine}", "enable SPI (dtparam=spi=on in config.txt) and reboot", settings)),
        settings => I2cDevice.Create(Existing(hostRoot, $"dev/i2c-{settings.BusId}", "enable I²C (dtparam=i2c_arm=on in config.txt) and reboot", settings)),
        facts);

    private static T Existing<T>(string hostRoot, string device, string fix, T settings) =>
        File.Exists(Path.Join(hostRoot, device)) ? settings : throw new FileNotFoundException($"/{device} does not exist; {fix}");
}
