using OmniHub.Host.Configuration;

namespace OmniHub.Host.Tests.Configuration;

public sealed class LocalSettingsParserTests
{
    [Fact]
    public void Parse_DoubleUnderscoreKeys_BecomeConfigurationSections()
    {
        const string json = """
            {
              "IsEncrypted": false,
              "Values": {
                "AzureWebJobsStorage": "UseDevelopmentStorage=true",
                "Cosmos__Endpoint": "https://127.0.0.1:8081/",
                "Channels__shopify__main__Secrets__AccessToken": "token"
              }
            }
            """;

        var parsed = LocalSettingsParser.Parse(json, "local.settings.json");

        Assert.Equal("UseDevelopmentStorage=true", parsed.Settings["AzureWebJobsStorage"]);
        Assert.Equal("https://127.0.0.1:8081/", parsed.Settings["Cosmos:Endpoint"]);
        Assert.Equal("token", parsed.Settings["Channels:shopify:main:Secrets:AccessToken"]);
        Assert.Equal("https://127.0.0.1:8081/", parsed.Values["Cosmos__Endpoint"]);
    }

    [Fact]
    public void Parse_Keys_AreCaseInsensitiveLikeConfiguration()
    {
        var parsed = LocalSettingsParser.Parse("""{ "Values": { "Cosmos__Endpoint": "x" } }""", "f");

        Assert.Equal("x", parsed.Settings["cosmos:endpoint"]);
    }

    [Fact]
    public void Parse_NumbersAndBooleans_BecomeInvariantStrings()
    {
        var parsed = LocalSettingsParser.Parse("""{ "Values": { "A": 12.5, "B": true, "C": false, "D": null } }""", "f");

        Assert.Equal("12.5", parsed.Settings["A"]);
        Assert.Equal("true", parsed.Settings["B"]);
        Assert.Equal("false", parsed.Settings["C"]);
        Assert.False(parsed.Settings.ContainsKey("D"));
    }

    [Fact]
    public void Parse_ConnectionStrings_BecomeConnectionStringsSection()
    {
        var parsed = LocalSettingsParser.Parse("""{ "ConnectionStrings": { "Orders": "Server=x" } }""", "f");

        Assert.Equal("Server=x", parsed.Settings["ConnectionStrings:Orders"]);
    }

    [Fact]
    public void Parse_HostLocalHttpPort_IsTheHubPort()
    {
        var parsed = LocalSettingsParser.Parse("""{ "Host": { "LocalHttpPort": 7080, "CORS": "*" } }""", "f");

        Assert.Equal("7080", parsed.Settings[LocalSettingsParser.PortKey]);
        Assert.Single(parsed.Settings);
    }

    [Fact]
    public void Parse_PortInValues_WinsOverHostLocalHttpPort()
    {
        var parsed = LocalSettingsParser.Parse("""{ "Host": { "LocalHttpPort": 7080 }, "Values": { "OmniHub__Host__Port": "7090" } }""", "f");

        Assert.Equal("7090", parsed.Settings[LocalSettingsParser.PortKey]);
    }

    [Fact]
    public void Parse_CommentsAndTrailingCommas_AreAccepted()
    {
        var parsed = LocalSettingsParser.Parse("""
            {
              // written by hand
              "Values": { "A": "1", },
            }
            """, "f");

        Assert.Equal("1", parsed.Settings["A"]);
    }

    [Fact]
    public void Parse_Encrypted_ThrowsSayingHowToDecrypt()
    {
        var error = Assert.Throws<InvalidDataException>(() => LocalSettingsParser.Parse("""{ "IsEncrypted": true, "Values": { "A": "x" } }""", "my.json"));

        Assert.Contains("my.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("func settings decrypt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestedObjectInValues_ThrowsNamingTheKey()
    {
        var error = Assert.Throws<FormatException>(() => LocalSettingsParser.Parse("""{ "Values": { "Cosmos": { "Endpoint": "x" } } }""", "f"));

        Assert.Contains("Values.Cosmos", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ValuesNotAnObject_Throws()
    {
        var error = Assert.Throws<FormatException>(() => LocalSettingsParser.Parse("""{ "Values": ["A"] }""", "f"));

        Assert.Contains("'Values' must be an object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidJson_ThrowsNamingTheFile()
    {
        var error = Assert.Throws<FormatException>(() => LocalSettingsParser.Parse("{ \"Values\": ", "/repo/local.settings.json"));

        Assert.Contains("/repo/local.settings.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SampleFileInRepository_FlattensEveryValue()
    {
        var sample = Path.Combine(RepositoryRoot(), "local.settings.sample.json");

        var parsed = LocalSettingsParser.Parse(File.ReadAllText(sample), sample);

        Assert.Equal("dotnet-isolated", parsed.Settings["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("UseDevelopmentStorage=true", parsed.Settings["AzureWebJobsStorage"]);
        Assert.Equal("https://127.0.0.1:8081/", parsed.Settings["Cosmos:Endpoint"]);
        Assert.Equal("7071", parsed.Settings[LocalSettingsParser.PortKey]);
        Assert.DoesNotContain(parsed.Settings.Keys, key => key.Contains("__", StringComparison.Ordinal));
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OmniHub.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("OmniHub.sln not found above " + AppContext.BaseDirectory);
    }
}
