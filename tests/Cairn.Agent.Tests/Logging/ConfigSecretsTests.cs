using Cairn.Agent.Config;
using Cairn.Agent.Logging;

namespace Cairn.Agent.Tests.Logging;

public class ConfigSecretsTests
{
    [Fact]
    public void Every_secret_of_the_file_is_found_and_nothing_else()
    {
        var text = """
            repos:
              default:
                repo_uri: rest:https://alice:uri-pass-1@backup.example:8000/repo
                repo_group: g
                repo_opts:
                  repo_password: repo-pass-2
                env:
                  env_variables:
                    PLAIN: not-a-secret
                  encrypted_env_variables:
                    AWS_SECRET_ACCESS_KEY: aws-key-3-${REPO_NAME}
            groups:
              g:
                repo_opts:
                  repo_password_command: echo cmd-4
            global_prometheus:
              enabled: true
              destination: https://gw-user:gw-url-pass-5@gw.example/
              http_username: gw-user-name
              http_password: gw-pass-6
            global_email:
              smtp_password: smtp-7
            """;
        var loaded = ConfigLoader.Parse(text, "c.yaml", "__X__", "host");
        var secrets = ConfigSecrets.Of(loaded.Config!);

        Assert.Contains("rest:https://alice:uri-pass-1@backup.example:8000/repo", secrets);
        Assert.Contains("alice:uri-pass-1", secrets);
        Assert.Contains("uri-pass-1", secrets);
        Assert.Contains("repo-pass-2", secrets);
        Assert.Contains("aws-key-3-default", secrets); // as expanded for restic
        Assert.Contains("echo cmd-4", secrets);
        Assert.Contains("gw-url-pass-5", secrets);
        Assert.Contains("gw-pass-6", secrets);
        Assert.Contains("smtp-7", secrets);
        Assert.DoesNotContain("not-a-secret", secrets);
        Assert.DoesNotContain("gw-user-name", secrets);
    }

    [Theory]
    [InlineData("rest:http://u:p@h:1/x", "u:p|p")]
    [InlineData("https://token@h/", "token")]
    [InlineData("s3:https://h/bucket/a@b", "")]
    [InlineData("/plain/path", "")]
    public void Url_credentials(string value, string expected)
    {
        Assert.Equal(expected, string.Join("|", ConfigSecrets.UrlCredentials(value)));
    }
}
