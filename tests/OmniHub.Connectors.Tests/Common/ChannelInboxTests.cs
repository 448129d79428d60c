using Microsoft.Extensions.Time.Testing;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.Tests.Common;

public sealed class ChannelInboxTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Admit_SameEventTwice_SecondIsDuplicate()
    {
        var inbox = new InMemoryChannelInbox(new FakeTimeProvider(T0));

        Assert.Equal(InboxDecision.Accepted, inbox.Admit("shopify:main", "e1", "1", T0));
        Assert.Equal(InboxDecision.Duplicate, inbox.Admit("shopify:main", "e1", "1", T0));
    }

    [Fact]
    public void Admit_OlderRevisionAfterNewer_IsStale()
    {
        var inbox = new InMemoryChannelInbox(new FakeTimeProvider(T0));

        Assert.Equal(InboxDecision.Accepted, inbox.Admit("shopify:main", "update", "1", T0.AddMinutes(1)));
        Assert.Equal(InboxDecision.Stale, inbox.Admit("shopify:main", "create", "1", T0));
    }

    [Fact]
    public void Admit_PollAndWebhookOfSameRevision_CountOnce()
    {
        var inbox = new InMemoryChannelInbox(new FakeTimeProvider(T0));

        Assert.Equal(InboxDecision.Accepted, inbox.Admit("woocommerce:shop", "webhook-key", "727", T0));
        Assert.Equal(InboxDecision.Duplicate, inbox.Admit("woocommerce:shop", "poll-key", "727", T0));
    }

    [Fact]
    public void Admit_SameKeyOtherAccount_IsIndependent()
    {
        var inbox = new InMemoryChannelInbox(new FakeTimeProvider(T0));

        Assert.Equal(InboxDecision.Accepted, inbox.Admit("shopify:a", "e1", "1", T0));
        Assert.Equal(InboxDecision.Accepted, inbox.Admit("shopify:b", "e1", "1", T0));
    }

    [Fact]
    public void Admit_AfterRetention_KeyIsForgotten()
    {
        var time = new FakeTimeProvider(T0);
        var inbox = new InMemoryChannelInbox(time) { Retention = TimeSpan.FromHours(1) };
        inbox.Admit("shopify:main", "e1", null, null);

        time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(InboxDecision.Accepted, inbox.Admit("shopify:main", "e1", null, null));
    }
}
