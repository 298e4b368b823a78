using NodeAgent.Configuration;

namespace NodeAgent.Services.Catalogue;

/// <summary>
/// The service manifests that loaded. A bad file is reported in <see cref="Errors"/> and skipped; the others
/// load. A later file with the id of an earlier one replaces it (a file in the local directory over the built-in one).
/// </summary>
public sealed class ServiceCatalogue
{
    /// <summary>Where owners add or replace manifests unless <c>Catalogue:Directory</c> says otherwise.</summary>
    public const string DefaultDirectory = "/etc/nodeagent/services.d";

    /// <summary>Logical-name prefix of the manifests embedded in the binary (see NodeAgent.csproj).</summary>
    internal const string ResourcePrefix = "services/";

    private ServiceCatalogue(IReadOnlyList<ServiceManifest> manifests, IReadOnlyList<ManifestFileError> errors, IReadOnlyList<string> replaced)
    {
        Manifests = manifests;
        Errors = errors;
        Replaced = replaced;
    }

    /// <summary>Loaded manifests, sorted by id.</summary>
    public IReadOnlyList<ServiceManifest> Manifests { get; }

    /// <summary>Files that were skipped, with every reason.</summary>
    public IReadOnlyList<ManifestFileError> Errors { get; }

    /// <summary>One line per manifest that a later file replaced, e.g. "/etc/nodeagent/services.d/squid.json replaces built-in:squid.json".</summary>
    public IReadOnlyList<string> Replaced { get; }

    public IEnumerable<string> Ids => Manifests.Select(m => m.Id);

    public ServiceManifest? Find(string id) => Manifests.FirstOrDefault(m => m.Id == id);

    /// <summary>The built-in manifests, then those in <paramref name="directory"/> over them.</summary>
    public static ServiceCatalogue LoadDefault(string directory = DefaultDirectory)
    {
        var unreadable = new List<ManifestFileError>();
        var files = BuiltInFiles().Concat(JsonFiles.InDirectory(directory,
            (path, why) => unreadable.Add(new ManifestFileError(path, [new ManifestProblem("$", why)]))));
        return Load(files, unreadable);
    }

    /// <summary>The manifests compiled into the binary.</summary>
    internal static IReadOnlyList<JsonFile> BuiltInFiles() => JsonFiles.Embedded(ResourcePrefix);

    internal static ServiceCatalogue Load(IEnumerable<JsonFile> files, IEnumerable<ManifestFileError>? earlierErrors = null)
    {
        var byId = new Dictionary<string, (ServiceManifest Manifest, string Origin)>(StringComparer.Ordinal);
        var errors = new List<ManifestFileError>(earlierErrors ?? []);
        var replaced = new List<string>();
        foreach (var file in files)
        {
            if (ManifestReader.Read(file, out var problems) is not { } manifest)
            {
                errors.Add(new ManifestFileError(file.Origin, problems));
                continue;
            }
            if (byId.TryGetValue(manifest.Id, out var earlier))
            {
                replaced.Add($"{file.Origin} replaces {earlier.Origin}");
            }
            byId[manifest.Id] = (manifest, file.Origin);
        }
        var manifests = byId.Values.Select(v => v.Manifest).OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
        return new ServiceCatalogue(manifests, errors, replaced);
    }
}
