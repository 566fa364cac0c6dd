using System.Reflection;
using PublicApiGenerator;

namespace PropBot.TestKit;

/// <summary>Generates the public API of an assembly for snapshot tests.</summary>
public static class PublicApi
{
    /// <summary>
    /// The public API as text, without assembly attributes, keeping the
    /// <c>Microsoft.Extensions.DependencyInjection</c> namespace where the AddPropBot… extensions live.
    /// </summary>
    public static string Of(Assembly assembly) => assembly.GeneratePublicApi(new ApiGeneratorOptions
    {
        ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"],
        AllowNamespacePrefixes = ["Microsoft.Extensions.DependencyInjection"],
        IncludeAssemblyAttributes = false,
    });
}
