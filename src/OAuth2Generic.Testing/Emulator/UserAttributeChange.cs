namespace OAuth2Generic.Testing.Emulator;

/// <summary>A change of one attribute by its Cognito name, mapped onto the user's own properties where it has one.</summary>
internal static class UserAttributeChange
{
    public static void Apply(CognitoEmulatorUser user, string name, string? value)
    {
        switch (name)
        {
            case "email":
                user.Email = value;
                break;
            case "email_verified":
                user.EmailVerified = value == "true";
                break;
            case "phone_number":
                user.PhoneNumber = value;
                break;
            case "phone_number_verified":
                user.PhoneNumberVerified = value == "true";
                break;
            default:
                if (value is null)
                {
                    user.Attributes.Remove(name);
                }
                else
                {
                    // A reserved name (sub, username, cognito:*) is refused by the directory with the user's name in the message.
                    user.Attributes[name] = value;
                }

                break;
        }
    }
}
