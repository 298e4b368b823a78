using NodeAgent.Feedback;

namespace NodeAgent.Tests.Feedback;

public class InputDevicesTests
{
    // As an APU2 with Debian's kernel lists them (abridged).
    private const string Devices = """
        I: Bus=0019 Vendor=0000 Product=0001 Version=0000
        N: Name="Power Button"
        P: Phys=LNXPWRBN/button/input0
        H: Handlers=kbd event0
        B: EV=3

        I: Bus=0019 Vendor=0001 Product=0001 Version=0100
        N: Name="gpio-keys-polled"
        P: Phys=gpio-keys-polled/input0
        S: Sysfs=/devices/platform/gpio-keys-polled/input/input3
        H: Handlers=kbd event3
        B: EV=3

        """;

    [Fact]
    public void FindsTheEventNodeByDeviceName()
    {
        Assert.Equal("event3", InputDevices.FindEventNode(Devices, "gpio-keys-polled"));
        Assert.Equal("event0", InputDevices.FindEventNode(Devices, "Power Button"));
    }

    [Fact]
    public void AnAbsentDeviceOrOneWithoutAnEventHandlerIsNull()
    {
        Assert.Null(InputDevices.FindEventNode(Devices, "gpio-keys"));
        Assert.Null(InputDevices.FindEventNode("N: Name=\"x\"\nH: Handlers=kbd\n", "x"));
    }
}
