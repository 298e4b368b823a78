using System.Text.Json.Serialization;

// The slim builder reads appsettings.json with a file watcher; start it from an empty directory.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, FloorJson.Default));
var app = builder.Build();
app.MapGet("/healthz", () => new Health("healthy"));
app.Run();

internal sealed record Health(string Status);

[JsonSerializable(typeof(Health))]
internal sealed partial class FloorJson : JsonSerializerContext;
