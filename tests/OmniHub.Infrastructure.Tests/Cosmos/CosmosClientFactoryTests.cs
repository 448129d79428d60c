using System.Diagnostics;
using System.Net;
using OmniHub.Infrastructure.Cosmos;
using OmniHub.Infrastructure.Documents;

namespace OmniHub.Infrastructure.Tests.Cosmos;

[Collection(CosmosCollection.Name)]
public sealed class CosmosClientFactoryTests(CosmosFixture fixture)
{
    [Fact]
    public async Task Create_ServerAnswers429_RetriesAfterTheServersRetryAfter()
    {
        var throttle = new ThrottleFirstReads(times: 2, retryAfter: TimeSpan.FromMilliseconds(300));
        using var client = CosmosClientFactory.Create(fixture.Options, transport => { throttle.InnerHandler = transport; return throttle; });
        var collection = new CosmosDocumentCollection(client.GetContainer(fixture.Options.Database, ContainerNames.Locations));
        var key = TestData.Unique("throttled");
        await collection.UpsertAsync(new Probe { Id = key, Pk = key }, CancellationToken.None);

        var clock = Stopwatch.StartNew();
        var read = await collection.ReadAsync<Probe>(key, key, CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(3, throttle.Reads);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(550), $"retried after {clock.Elapsed}, before the retry-after elapsed");
    }

    private sealed class Probe : DocumentBase;

    /// <summary>Answers the first document reads with 429 and a retry-after, as a throttled Cosmos account does.</summary>
    private sealed class ThrottleFirstReads(int times, TimeSpan retryAfter) : DelegatingHandler
    {
        private int _reads;

        public int Reads => _reads;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.Contains("/docs/", StringComparison.Ordinal)
                && Interlocked.Increment(ref _reads) <= times)
            {
                var response = new HttpResponseMessage((HttpStatusCode)429)
                {
                    Content = new StringContent("{\"code\":\"TooManyRequests\",\"message\":\"Request rate is large\"}"),
                    RequestMessage = request,
                };
                response.Headers.Add("x-ms-retry-after-ms", ((int)retryAfter.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
                response.Headers.Add("x-ms-substatus", "3200");
                response.Headers.Add("x-ms-activity-id", Guid.NewGuid().ToString());
                return Task.FromResult(response);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
