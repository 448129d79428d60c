using OmniHub.Benchmarks;

// Benchmarks by mode: `engine [--short] [--provider azure|memory]` (durable engine). Other modes dispatch here too.
var mode = args.Length > 0 ? args[0] : string.Empty;
var rest = args.Skip(1).ToArray();
return mode switch
{
    "engine" => await EngineBenchmark.RunAsync(rest),
    "reservations" => await ReservationBenchmark.RunAsync(rest),
    "webhooks" => await WebhookAckBenchmark.RunAsync(rest),
    "ratelimit" => await RateLimitBenchmark.RunAsync(rest),
    "orders" => await OrderFlowBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: OmniHub.Benchmarks engine [--short] [--provider azure|memory] [--partitions N] [--sizes 1000,10000] [--scenarios hello,fanout,events] [--start-concurrency N]");
    return 2;
}
