-- Prints one line after a wrk run: latency percentiles in milliseconds and the non-2xx count.
done = function(summary, latency, requests)
  io.write(string.format("PCT p50 %.2f p95 %.2f p99 %.2f max %.2f non2xx %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status))
end
