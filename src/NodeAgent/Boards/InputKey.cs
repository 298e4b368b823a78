namespace NodeAgent.Boards;

/// <summary>A key on a kernel input device, found by the name <c>/proc/bus/input/devices</c> gives it.</summary>
/// <param name="DeviceName">Input device name (<c>N: Name=</c>), e.g. <c>gpio-keys-polled</c>.</param>
/// <param name="KeyCode">Key code from <c>linux/input-event-codes.h</c>, e.g. 408 for KEY_RESTART.</param>
public sealed record InputKey(string DeviceName, int KeyCode);
