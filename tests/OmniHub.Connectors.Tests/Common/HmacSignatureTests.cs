using System.Text;
using System.Text.Json;
using OmniHub.Connectors.Common;
using OmniHub.Connectors.Tests.Support;

namespace OmniHub.Connectors.Tests.Common;

public sealed class HmacSignatureTests
{
    [Theory]
    [InlineData("shopify", "orders-create")]
    [InlineData("woocommerce", "order.created")]
    public void Verify_ReferenceSample_Matches(string channel, string sample)
    {
        var body = ReferenceData.Bytes(channel, $"{sample}.body.json");
        var signature = ReferenceData.Json(channel, $"{sample}.signature.json");

        var match = HmacSignature.Verify(body, signature.GetProperty("signature_base64").GetString(), [signature.GetProperty("secret").GetString()!]);

        Assert.Equal(0, match);
        Assert.Equal(signature.GetProperty("body_byte_length").GetInt32(), body.Length);
    }

    [Theory]
    [InlineData("shopify", "orders-create")]
    [InlineData("woocommerce", "order.created")]
    public void Verify_OneByteChanged_Fails(string channel, string sample)
    {
        var body = ReferenceData.Bytes(channel, $"{sample}.body.json");
        var signature = ReferenceData.Json(channel, $"{sample}.signature.json");
        body[body.Length / 2] ^= 0x01;

        Assert.Equal(-1, HmacSignature.Verify(body, signature.GetProperty("signature_base64").GetString(), [signature.GetProperty("secret").GetString()!]));
    }

    [Fact]
    public void Verify_SignedWithPreviousSecret_MatchesSecondSecret()
    {
        var body = Encoding.UTF8.GetBytes("{\"id\":1}");
        var signature = HmacSignature.ComputeBase64(body, "old-secret");

        Assert.Equal(1, HmacSignature.Verify(body, signature, ["new-secret", "old-secret"]));
        Assert.Equal(-1, HmacSignature.Verify(body, signature, ["new-secret"]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 !!")]
    [InlineData("c2hvcnQ=")]
    public void Verify_MissingOrMalformedSignature_Fails(string? signature)
    {
        Assert.Equal(-1, HmacSignature.Verify("body"u8, signature, ["secret"]));
    }

    [Fact]
    public void Verify_ThreeSecrets_Refused()
    {
        Assert.Throws<ArgumentException>(() => HmacSignature.Verify("body"u8, "x", ["a", "b", "c"]));
    }

    [Fact]
    public void ComputeBase64_MatchesReferenceOpenSslValue()
    {
        var signature = ReferenceData.Json("shopify", "orders-create.signature.json");
        var body = ReferenceData.Bytes("shopify", "orders-create.body.json");

        Assert.Equal(signature.GetProperty("signature_base64").GetString(), HmacSignature.ComputeBase64(body, signature.GetProperty("secret").GetString()!));
        Assert.Equal(JsonValueKind.String, signature.GetProperty("secret").ValueKind);
    }
}
