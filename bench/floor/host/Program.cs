using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddHostedService<Ticker>();
builder.Build().Run();

/// <summary>Writes one JSON line a minute, as a resident agent's timer would.</summary>
internal sealed class Ticker : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        do
        {
            Console.WriteLine(JsonSerializer.Serialize(new Health("healthy"), FloorJson.Default.Health));
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

internal sealed record Health(string Status);

[JsonSerializable(typeof(Health))]
internal sealed partial class FloorJson : JsonSerializerContext;
