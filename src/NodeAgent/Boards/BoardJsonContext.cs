using System.Text.Json;
using System.Text.Json.Serialization;

namespace NodeAgent.Boards;

/// <summary>
/// Source-generated reader for <c>boards/*.json</c>. Unknown properties are errors, so a misspelt key
/// is reported instead of silently ignored. Comments are not allowed: the image build reads the same files with jq,
/// so remarks go in the <c>note</c> fields.
/// Optional properties of the board records have setters rather than <c>init</c>: for init-only properties the
/// generated reader assigns default(T) to every absent one, which would wipe their defaults (a missing
/// <c>bootable</c> would read as false).
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    GenerationMode = JsonSourceGenerationMode.Metadata,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(BoardProfile))]
internal sealed partial class BoardJsonContext : JsonSerializerContext;
