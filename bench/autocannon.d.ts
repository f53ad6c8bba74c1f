/** The part of autocannon's API the web benchmark uses (the package ships no types). */
declare module 'autocannon' {
  interface Histogram { average: number; mean: number; p50: number; p90: number; p97_5: number; p99: number; max: number; [k: string]: number }
  export interface Result { requests: Histogram; latency: Histogram; throughput: Histogram; errors: number; timeouts: number; non2xx: number }
  interface Options { url: string; connections?: number; duration?: number; method?: string; headers?: Record<string, string>; body?: string }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
