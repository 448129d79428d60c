using OmniHub.Host.Configuration;

namespace OmniHub.Host.Tests.Configuration;

public sealed class LocalSettingsConfigurationTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("omnihub-settings-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void InsertBeforeEnvironmentVariables_FileBeatsAppSettings_EnvironmentBeatsFile()
    {
        var section = "OmniHubTest" + Guid.NewGuid().ToString("N");
        var file = Write("local.settings.json", $$"""{ "Values": { "{{section}}__Endpoint": "https://file/", "{{section}}__DatabaseName": "from-file" } }""");
        var builder = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{section}:Endpoint"] = "https://appsettings/",
                [$"{section}:DatabaseName"] = "from-appsettings",
            })
            .AddEnvironmentVariables();
        Environment.SetEnvironmentVariable($"{section}__DatabaseName", "from-environment");
        try
        {
            builder.InsertBeforeEnvironmentVariables(new LocalSettingsConfigurationSource(file));
            var configuration = builder.Build();

            Assert.IsType<LocalSettingsConfigurationSource>(builder.Sources[^2]);
            Assert.Equal("https://file/", configuration[$"{section}:Endpoint"]);
            Assert.Equal("from-environment", configuration[$"{section}:DatabaseName"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{section}__DatabaseName", null);
        }
    }

    [Fact]
    public void InsertBeforeEnvironmentVariables_NoEnvironmentSource_AddsLast()
    {
        var file = Write("local.settings.json", """{ "Values": { "A": "file" } }""");
        var builder = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["A"] = "memory" });

        var configuration = builder.InsertBeforeEnvironmentVariables(new LocalSettingsConfigurationSource(file)).Build();

        Assert.Equal("file", configuration["A"]);
    }

    [Fact]
    public void Source_ExportValuesToEnvironment_SetsOnlyVariablesNotAlreadySet()
    {
        var fresh = "OMNIHUB_TEST_" + Guid.NewGuid().ToString("N");
        var preset = "OMNIHUB_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(preset, "from-environment");
        var file = Write("local.settings.json", $$"""{ "Values": { "{{fresh}}": "from-file", "{{preset}}": "from-file" } }""");
        try
        {
            new ConfigurationBuilder().Add(new LocalSettingsConfigurationSource(file) { ExportValuesToEnvironment = true }).Build();

            Assert.Equal("from-file", Environment.GetEnvironmentVariable(fresh));
            Assert.Equal("from-environment", Environment.GetEnvironmentVariable(preset));
        }
        finally
        {
            Environment.SetEnvironmentVariable(fresh, null);
            Environment.SetEnvironmentVariable(preset, null);
        }
    }

    [Fact]
    public void Source_WithoutExport_LeavesEnvironmentAlone()
    {
        var name = "OMNIHUB_TEST_" + Guid.NewGuid().ToString("N");
        var file = Write("local.settings.json", $$"""{ "Values": { "{{name}}": "from-file" } }""");

        var configuration = new ConfigurationBuilder().Add(new LocalSettingsConfigurationSource(file)).Build();

        Assert.Equal("from-file", configuration[name]);
        Assert.Null(Environment.GetEnvironmentVariable(name));
    }

    [Fact]
    public void Locator_FileInRepositoryRoot_FoundFromProjectDirectory()
    {
        Write("OmniHub.sln", string.Empty);
        var settings = Write("local.settings.json", "{}");
        var project = Directory.CreateDirectory(Path.Combine(_root.FullName, "functions", "OmniHub.Host"));

        Assert.Equal(settings, LocalSettingsLocator.Find(project.FullName));
    }

    [Fact]
    public void Locator_NearestFile_Wins()
    {
        Write("OmniHub.sln", string.Empty);
        Write("local.settings.json", "{}");
        var project = Directory.CreateDirectory(Path.Combine(_root.FullName, "functions", "OmniHub.Host"));
        var nearest = Path.Combine(project.FullName, "local.settings.json");
        File.WriteAllText(nearest, "{}");

        Assert.Equal(nearest, LocalSettingsLocator.Find(project.FullName));
    }

    [Fact]
    public void Locator_FileAboveRepositoryRoot_NotUsed()
    {
        Write("local.settings.json", "{}");
        var repository = Directory.CreateDirectory(Path.Combine(_root.FullName, "repo"));
        File.WriteAllText(Path.Combine(repository.FullName, "OmniHub.sln"), string.Empty);
        var project = Directory.CreateDirectory(Path.Combine(repository.FullName, "functions", "OmniHub.Host"));

        Assert.Null(LocalSettingsLocator.Find(project.FullName));
    }

    [Fact]
    public void Provider_EncryptedFile_FailsConfigurationBuild()
    {
        var file = Write("local.settings.json", """{ "IsEncrypted": true, "Values": {} }""");

        Assert.Throws<InvalidDataException>(() => new ConfigurationBuilder().Add(new LocalSettingsConfigurationSource(file)).Build());
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_root.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }
}
