namespace OAuth2Generic.Tests;

/// <summary>What the authentication cookie holds besides claims, as the test app's <c>/ticket</c> endpoint lists it.</summary>
internal sealed record TicketRecord(Dictionary<string, string> Tokens, Dictionary<string, string?> Items);
