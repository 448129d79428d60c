namespace OmniHub.Domain;

/// <summary>What kind of key the channel uses for its listing.</summary>
public enum ChannelKeyKind
{
    Sku,
    Asin,
    ListingId,
    VariantId,
}

/// <summary>
/// How a listing relates to catalog SKUs. A single maps one to one; a multipack sells N units of one SKU;
/// a bundle sells several SKUs that may ship separately; a kit sells several SKUs that must ship together.
/// </summary>
public enum MappingKind
{
    Single,
    Multipack,
    Bundle,
    Kit,
}

/// <summary>One catalog SKU and how many units of it one unit of the listing contains.</summary>
public sealed record SkuComponent(string Sku, int Quantity);

/// <summary>Maps a channel listing (<see cref="Channel"/> + <see cref="ChannelKey"/>) to catalog SKU components.</summary>
public sealed record SkuMapping(string Channel, string ChannelKey, ChannelKeyKind KeyKind, MappingKind Kind, IReadOnlyList<SkuComponent> Components)
{
    /// <summary>Kits must leave from one location in one shipment.</summary>
    public bool MustShipTogether => Kind == MappingKind.Kit;

    public static SkuMapping Single(string channel, string channelKey, string sku, ChannelKeyKind keyKind = ChannelKeyKind.Sku) =>
        Create(channel, channelKey, keyKind, MappingKind.Single, [new SkuComponent(sku, 1)]);

    public static SkuMapping Multipack(string channel, string channelKey, string sku, int packSize, ChannelKeyKind keyKind = ChannelKeyKind.Sku) =>
        Create(channel, channelKey, keyKind, MappingKind.Multipack, [new SkuComponent(sku, packSize)]);

    public static SkuMapping Create(string channel, string channelKey, ChannelKeyKind keyKind, MappingKind kind, IReadOnlyList<SkuComponent> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        var validator = new Validator(nameof(SkuMapping))
            .NotBlank(channel, "channel")
            .NotBlank(channelKey, "channelKey")
            .Require(components.Count > 0, "components", "at least one component is required");
        for (var i = 0; i < components.Count; i++)
        {
            validator
                .NotBlank(components[i].Sku, $"components[{i}].sku")
                .Require(components[i].Quantity > 0, $"components[{i}].quantity", $"must be positive, was {components[i].Quantity}");
        }

        validator.Require(
            components.Select(c => c.Sku).Distinct(StringComparer.Ordinal).Count() == components.Count,
            "components",
            "a SKU may appear only once; add its quantity instead");
        switch (kind)
        {
            case MappingKind.Single:
                validator.Require(components.Count == 1 && components[0].Quantity == 1, "components", "a single maps to exactly one SKU with quantity 1");
                break;
            case MappingKind.Multipack:
                validator.Require(components.Count == 1 && components[0].Quantity >= 2, "components", "a multipack maps to exactly one SKU with a pack size of at least 2");
                break;
            case MappingKind.Bundle:
            case MappingKind.Kit:
                validator.Require(components.Count >= 2 || (components.Count == 1 && components[0].Quantity >= 2), "components", $"a {kind.ToString().ToLowerInvariant()} needs at least two units of components");
                break;
        }

        validator.ThrowIfAny();
        return new SkuMapping(channel, channelKey, keyKind, kind, components);
    }

    /// <summary>Explodes <paramref name="quantity"/> units of the listing into catalog SKU quantities.</summary>
    public IReadOnlyList<SkuComponent> Explode(int quantity)
    {
        if (quantity <= 0)
        {
            throw new DomainValidationException(nameof(SkuMapping), [new ValidationError("quantity", $"must be positive, was {quantity}")]);
        }

        return Components.Select(c => new SkuComponent(c.Sku, checked(c.Quantity * quantity))).ToArray();
    }
}
