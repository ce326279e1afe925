using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace ErpSync.PowerShell
{
    /// <summary>
    /// Module import hook: PowerShell calls <see cref="OnImport"/> when it imports the module assembly.
    /// </summary>
    public sealed class ErpSyncModuleInitializer : IModuleAssemblyInitializer
    {
        /// <summary>Registers the native SQLite resolver before any cmdlet opens a database.</summary>
        public void OnImport()
        {
            NativeLibraryResolver.Register();
        }
    }

    /// <summary>
    /// Points the <c>e_sqlite3</c> P/Invokes of SQLitePCLRaw at the copy under
    /// <c>runtimes/&lt;rid&gt;/native/</c> in the module folder.
    /// </summary>
    /// <remarks>
    /// A netstandard2.0 module has no deps.json that PowerShell reads, so .NET only probes the folder
    /// of the calling assembly and the system paths. The build copies the linux-x64 and win-x64
    /// libraries there, which leaves linux-arm64 and macOS without a match unless this resolver runs.
    /// It works only on .NET Core 3.0 and later (PowerShell 7). It is reached by reflection because
    /// netstandard2.0 has no <c>NativeLibrary</c> type. On .NET Framework (Windows PowerShell 5.1)
    /// it does nothing.
    /// </remarks>
    internal static class NativeLibraryResolver
    {
        private const string LibraryName = "e_sqlite3";
        private const string ProviderAssemblyName = "SQLitePCLRaw.provider.e_sqlite3";

        private static readonly object RegistrationLock = new object();
        private static bool registrationAttempted;
        private static string? moduleFolder;
        private static MethodInfo? tryLoadMethod;

        /// <summary>
        /// Installs the resolver once per process. Later calls and every failure fall back silently
        /// to the default probing of .NET, so importing the module never fails here.
        /// </summary>
        internal static void Register()
        {
            lock (RegistrationLock)
            {
                if (registrationAttempted)
                {
                    return;
                }

                registrationAttempted = true;
            }

            try
            {
                RegisterResolver();
            }
            catch (Exception)
            {
                // Default probing stays in place: the library beside the module dll or a system copy.
            }
        }

        private static void RegisterResolver()
        {
            Assembly coreLibrary = typeof(object).Assembly;
            Type? nativeLibraryType = coreLibrary.GetType("System.Runtime.InteropServices.NativeLibrary");
            Type? resolverDelegateType = coreLibrary.GetType("System.Runtime.InteropServices.DllImportResolver");
            if (nativeLibraryType == null || resolverDelegateType == null)
            {
                return;
            }

            string? assemblyLocation = typeof(NativeLibraryResolver).Assembly.Location;
            if (string.IsNullOrEmpty(assemblyLocation))
            {
                return;
            }

            moduleFolder = Path.GetDirectoryName(assemblyLocation);
            tryLoadMethod = nativeLibraryType.GetMethod(
                "TryLoad", new[] { typeof(string), typeof(IntPtr).MakeByRefType() });
            MethodInfo? setResolverMethod = nativeLibraryType.GetMethod(
                "SetDllImportResolver", new[] { typeof(Assembly), resolverDelegateType });
            Assembly? providerAssembly = FindProviderAssembly();
            if (moduleFolder == null || tryLoadMethod == null || setResolverMethod == null || providerAssembly == null)
            {
                return;
            }

            MethodInfo resolveMethod = typeof(NativeLibraryResolver).GetMethod(
                nameof(Resolve), BindingFlags.NonPublic | BindingFlags.Static)!;
            Delegate resolver = Delegate.CreateDelegate(resolverDelegateType, resolveMethod);

            // Throws InvalidOperationException when another component already set a resolver for
            // the provider assembly. Register() catches that and keeps the existing resolver.
            setResolverMethod.Invoke(null, new object[] { providerAssembly, resolver });
        }

        private static Assembly? FindProviderAssembly()
        {
            Assembly? loaded = AppDomain.CurrentDomain.GetAssemblies()
                .FirstOrDefault(assembly => assembly.GetName().Name == ProviderAssemblyName);
            if (loaded != null)
            {
                return loaded;
            }

            string providerPath = Path.Combine(moduleFolder!, ProviderAssemblyName + ".dll");
            return File.Exists(providerPath) ? Assembly.LoadFrom(providerPath) : null;
        }

        /// <summary>
        /// Loads <c>e_sqlite3</c> from the module's runtimes folder. Returns <see cref="IntPtr.Zero"/>
        /// for other libraries or when no matching file loads, so .NET goes on with default probing.
        /// </summary>
        private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
        {
            if (libraryName != LibraryName)
            {
                return IntPtr.Zero;
            }

            try
            {
                string? libraryPath = GetRuntimeLibraryPath();
                if (libraryPath == null || !File.Exists(libraryPath))
                {
                    return IntPtr.Zero;
                }

                object?[] arguments = { libraryPath, IntPtr.Zero };
                bool loaded = (bool)tryLoadMethod!.Invoke(null, arguments)!;
                return loaded ? (IntPtr)arguments[1]! : IntPtr.Zero;
            }
            catch (Exception)
            {
                return IntPtr.Zero;
            }
        }

        /// <summary>
        /// Builds <c>runtimes/&lt;rid&gt;/native/&lt;file&gt;</c> for the current OS and process
        /// architecture. Returns null for an architecture other than x64 and arm64 or an OS other
        /// than Windows, macOS and Linux. The file may be missing, as for win-arm64, which the
        /// build does not copy.
        /// </summary>
        internal static string? GetRuntimeLibraryPath()
        {
            string? architecture = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "x64",
                Architecture.Arm64 => "arm64",
                _ => null,
            };

            string? operatingSystem = null;
            string? fileName = null;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                operatingSystem = "win";
                fileName = "e_sqlite3.dll";
            }
            else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
            {
                operatingSystem = "osx";
                fileName = "libe_sqlite3.dylib";
            }
            else if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                // NOTE: the build copies glibc builds only. On musl (Alpine) this file does not
                // load, so the resolver falls back to default probing, which finds no library.
                operatingSystem = "linux";
                fileName = "libe_sqlite3.so";
            }

            if (architecture == null || operatingSystem == null || fileName == null || moduleFolder == null)
            {
                return null;
            }

            string runtimeIdentifier = operatingSystem + "-" + architecture;
            return Path.Combine(moduleFolder, "runtimes", runtimeIdentifier, "native", fileName);
        }
    }
}
