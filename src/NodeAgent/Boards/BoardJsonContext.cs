using System.Text.Json;
using System.Text.Json.Serialization;

namespace NodeAgent.Boards;

/// <summary>
/// Source-generated reader for <c>boards/*.json</c>. Unknown properties are errors, so a misspelt key
/// is reported instead of silently ignored. Comments are not allowed: the image build reads the same files with jq,
/// so remarks go in the <c>note</c> fields.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(BoardProfile))]
internal sealed partial class BoardJsonContext : JsonSerializerContext;
