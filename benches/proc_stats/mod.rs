//! What the benchmarks measure besides the wall clock, shared by them: CPU seconds (the
//! figure to compare on a shared machine) and peak resident memory, both from /proc.

#![allow(dead_code)]

/// CPU seconds (user + system) this process has used so far, all threads together, from
/// `/proc/self/stat` (in clock ticks of 1/100 s, Linux's USER_HZ); 0 where there is no /proc.
pub fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in brackets and may hold spaces): state is
    // the first, utime the 12th, stime the 13th.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// Peak resident memory of this process in KiB (`VmHWM`), 0 where there is no /proc.
pub fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}
