using System.Net;
using System.Net.Sockets;

namespace SoundBoxSim.SePay.Tests.Webhooks.Delivery.Support;

internal static class ClosedPort
{
    /// <summary>A loopback port nothing listens on: one the OS just gave out and took back (connecting is refused).</summary>
    public static int Find()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
