using System.Net.Sockets;
using System.Runtime.InteropServices;
using NodeAgent.Services.Manager;

namespace NodeAgent.Tests.Services.Manager;

/// <summary>
/// Opens probe sockets inside the booted container's network namespace, where the probed services listen on the
/// container's own loopback (it runs with <c>--private-network</c>). A socket keeps the namespace it was created in,
/// so each one is made on a short-lived thread that has joined the container's namespace (setns affects one thread).
/// Real sockets, real loopback: only where they are made differs from the product's.
/// </summary>
internal sealed class ContainerProbeNetwork(int containerPid) : IProbeNetwork
{
    private const int CloneNewNet = 0x40000000;

    public Socket CreateTcpSocket(AddressFamily family)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var ns = File.OpenHandle($"/proc/{containerPid}/ns/net");
                if (Setns((int)ns.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new IOException($"setns into the container's network namespace failed (errno {Marshal.GetLastPInvokeError()})");
                }
                socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return socket ?? throw new IOException("no socket in the container's network namespace", failure);
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int Setns(int fd, int nstype);
}
