namespace OAuth2Generic.Testing.Config;

/// <summary>Reads one user pool of the config file (and the admin API's bodies, which use the same shapes) into options.</summary>
internal static class PoolConfigReader
{
    public static CognitoEmulatorOptions ReadPool(ConfigNode pool)
    {
        var options = new CognitoEmulatorOptions();
        options.UserPoolId = pool.String("userPoolId") ?? options.UserPoolId;
        if (Cognito.CognitoDomain.RegionOfUserPool(options.UserPoolId) is null)
        {
            throw pool.Required("userPoolId").Error("must be a user pool id of the form {region}_{id}, such as us-east-1_GitLab01");
        }

        if (pool.Member("port") is { } port)
        {
            options.Port = port.Element.ValueKind == System.Text.Json.JsonValueKind.Number && port.Element.TryGetInt32(out var value) && value is >= 0 and <= 65535
                ? value
                : throw port.Error("must be a port number, 0 to 65535");
        }

        options.TokenLifetime = pool.Seconds("tokenLifetimeSeconds", 60, 86_400) ?? options.TokenLifetime;
        options.RefreshTokenLifetime = pool.Seconds("refreshTokenLifetimeSeconds", 1) ?? options.RefreshTokenLifetime;
        options.AuthorizationCodeLifetime = pool.Seconds("authorizationCodeLifetimeSeconds", 1) ?? options.AuthorizationCodeLifetime;
        options.HostedUiSessionLifetime = pool.Seconds("hostedUiSessionLifetimeSeconds", 1) ?? options.HostedUiSessionLifetime;
        foreach (var server in pool.Items("resourceServers"))
        {
            options.ResourceServers.Add(new CognitoEmulatorResourceServer { Identifier = server.RequiredString("identifier"), Scopes = server.Strings("scopes") ?? [] });
            server.EnsureRead();
        }

        foreach (var client in pool.Items("clients"))
        {
            options.Clients.Add(ReadClient(client));
        }

        foreach (var user in pool.Items("users"))
        {
            options.Users.Add(ReadUser(user));
        }

        foreach (var provider in pool.Items("identityProviders"))
        {
            options.IdentityProviders.Add(ReadIdentityProvider(provider));
        }

        if (pool.Member("preTokenGenerationUrl") is { } url)
        {
            options.PreTokenGeneration = LoopbackTrigger.Create(url);
        }

        pool.EnsureRead();
        return options;
    }

    public static CognitoEmulatorUser ReadUser(ConfigNode node)
    {
        var user = new CognitoEmulatorUser
        {
            Username = node.RequiredString("username"),
            Password = node.RequiredString("password"),
            Sub = node.String("sub"),
            Email = node.String("email"),
            EmailVerified = node.Bool("emailVerified") ?? true,
            PhoneNumber = node.String("phoneNumber"),
            PhoneNumberVerified = node.Bool("phoneNumberVerified") ?? false,
            Groups = node.Strings("groups") ?? [],
            Attributes = node.StringMap("attributes"),
        };
        node.EnsureRead();
        return user;
    }

    private static CognitoEmulatorClient ReadClient(ConfigNode node)
    {
        var client = new CognitoEmulatorClient
        {
            ClientId = node.RequiredString("clientId"),
            ClientName = node.String("clientName"),
            ClientSecret = node.String("clientSecret"),
            CallbackUrls = node.Strings("callbackUrls") ?? [],
            SignOutUrls = node.Strings("signOutUrls") ?? [],
            RefreshTokenRotation = node.Bool("refreshTokenRotation") ?? false,
            RetryGracePeriod = node.Seconds("retryGracePeriodSeconds", 0, 60) ?? TimeSpan.Zero,
        };
        client.AllowedOAuthFlows = node.Strings("allowedOAuthFlows") ?? client.AllowedOAuthFlows;
        client.AllowedScopes = node.Strings("allowedScopes") ?? client.AllowedScopes;
        client.IdentityProviders = node.Strings("identityProviders") ?? client.IdentityProviders;
        foreach (var url in node.Items("callbackUrls").Concat(node.Items("signOutUrls")))
        {
            if (!Uri.TryCreate(url.AsString(), UriKind.Absolute, out _))
            {
                throw url.Error("must be an absolute URL");
            }
        }

        node.EnsureRead();
        return client;
    }

    private static CognitoEmulatorIdentityProvider ReadIdentityProvider(ConfigNode node)
    {
        var provider = new CognitoEmulatorIdentityProvider
        {
            Name = node.RequiredString("name"),
            Identifiers = node.Strings("identifiers") ?? [],
        };
        provider.Type = node.String("type") ?? provider.Type;
        foreach (var user in node.Items("users"))
        {
            provider.Users.Add(new CognitoEmulatorFederatedUser
            {
                Id = user.RequiredString("id"),
                Email = user.String("email"),
                EmailVerified = user.Bool("emailVerified") ?? false,
                Attributes = user.StringMap("attributes"),
            });
            user.EnsureRead();
        }

        node.EnsureRead();
        return provider;
    }
}
