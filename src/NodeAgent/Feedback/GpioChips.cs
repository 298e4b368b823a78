using System.Device.Gpio;
using System.Device.Gpio.Drivers;

namespace NodeAgent.Feedback;

/// <summary>Opens real GPIO chips through libgpiod (the only GPIO path on current kernels; sysfs GPIO is gone).</summary>
internal static class GpioChips
{
    /// <exception cref="GpioOpenException">libgpiod is missing or the chip cannot be opened.</exception>
    public static GpioController Open(int chip)
    {
        try
        {
            return new GpioController(new LibGpiodDriver(chip));
        }
        catch (Exception e) when (e is DllNotFoundException or PlatformNotSupportedException or EntryPointNotFoundException)
        {
            throw new GpioOpenException($"cannot load libgpiod for /dev/gpiochip{chip} ({e.Message}); install it with `apt-get install libgpiod2`", e);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or ArgumentException)
        {
            throw new GpioOpenException($"cannot open /dev/gpiochip{chip} ({e.Message}); check it exists (`gpiodetect`) and that the agent's user is in group 'gpio'", e);
        }
    }
}
