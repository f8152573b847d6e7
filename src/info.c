/* info: the INFO command and the statistics only INFO reports.
 *
 * Sections come out in Redis 7.0's order with its field names and formats:
 * server, clients, memory, persistence, stats, replication, cpu, modules,
 * commandstats, errorstats, latencystats, cluster, keyspace. Without
 * arguments (or with "default") INFO gives the default sections; "all" adds
 * commandstats and latencystats; "everything" is "all" plus module sections
 * (there are none). Section names are case-insensitive; unknown ones give
 * nothing. Sections are separated by an empty line ("\r\n").
 *
 * Fields of features Mnemo does not have yet (persistence, replication,
 * pub/sub, scripting, defragmentation ...) report their idle values.
 *
 * Error statistics: one counter per error code, kept sorted by code like
 * Redis's radix tree, capped at 128 codes (see info.h). */
#include "info.h"
#include "aof.h"
#include "replication.h"
#include "dump.h"
#include "functions.h"
#include "script.h"
#include "blocking.h"
#include "ae.h"
#include "client.h"
#include "commands.h"
#include "config.h"
#include "configtab.h"
#include "db.h"
#include "evict.h"
#include "log.h"
#include "mem.h"
#include "reply.h"
#include "server.h"
#include "util.h"
#include "rdb.h"
#include "child.h"
#include <jemalloc/jemalloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

/* ------------------------------------------------------------ text buffer */

struct ibuf {
    char *p;
    size_t len, cap;
};

static void ib_catlen(struct ibuf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->p = xrealloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void ib_printf(struct ibuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ib_printf(struct ibuf *b, const char *fmt, ...) {
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof(tmp)) {
        ib_catlen(b, tmp, (size_t)n);
        return;
    }
    char *big = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    ib_catlen(b, big, (size_t)n);
    xfree(big);
}

/* Names in INFO lines must not contain the characters that structure it. */
static void ib_safe(struct ibuf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '#' || c == ':' || c == '\n' || c == '\r') c = '_';
        ib_catlen(b, &c, 1);
    }
}

/* 100B, 2.00K, 100.00M ... (bytes below 1K, else two decimals up to P) */
static void bytes_to_human(char *s, size_t n, unsigned long long v) {
    static const char units[] = "KMGTP";
    double d = (double)v, scale = 1024;
    if (v < 1024) {
        snprintf(s, n, "%lluB", v);
        return;
    }
    for (int i = 0; i < 5; i++, scale *= 1024)
        if (d < scale * 1024) {
            snprintf(s, n, "%.2f%c", d / scale, units[i]);
            return;
        }
    snprintf(s, n, "%lluB", v);
}

/* ------------------------------------------------------------ error statistics */

#define ERRORSTATS_MAX 128

struct errstat {
    char code[64];
    long long count;
};

static struct errstat errstats[ERRORSTATS_MAX + 1];
static int nerrstats;
static int errstats_disabled;

static int errstat_cmp(const char *a, size_t alen, const char *b) {
    size_t blen = strlen(b), n = alen < blen ? alen : blen;
    int c = memcmp(a, b, n);
    if (c) return c;
    return alen < blen ? -1 : alen > blen ? 1 : 0;
}

static void errstat_add(const char *code, size_t len) {
    if (len >= sizeof(errstats[0].code)) len = sizeof(errstats[0].code) - 1;
    int lo = 0, hi = nerrstats;
    while (lo < hi) {
        int mid = (lo + hi) / 2, c = errstat_cmp(code, len, errstats[mid].code);
        if (c == 0) {
            errstats[mid].count++;
            return;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    if (nerrstats >= ERRORSTATS_MAX) {
        /* Too many distinct codes (e.g. scripts inventing them): stop tracking
         * new ones, say so once in the log and count them under one name. */
        if (!errstats_disabled) {
            errstats_disabled = 1;
            log_warning(
                "Errorstats stopped adding new errors because the number of errors reached the "
                "limit, may be misuse of lua error_reply, please check INFO ERRORSTATS, this can "
                "be "
                "re-enabled via CONFIG RESETSTAT.");
        }
        if (strcmp(code, "ERRORSTATS_DISABLED") != 0) errstat_add("ERRORSTATS_DISABLED", 19);
        return;
    }
    memmove(&errstats[lo + 1], &errstats[lo], sizeof(errstats[0]) * (size_t)(nerrstats - lo));
    memcpy(errstats[lo].code, code, len);
    errstats[lo].code[len] = '\0';
    errstats[lo].count = 1;
    nerrstats++;
}

void errorstats_incr(const char *code, size_t len) {
    if (errstats_disabled && nerrstats >= ERRORSTATS_MAX) {
        /* known codes still count */
        for (int i = 0; i < nerrstats; i++)
            if (!errstat_cmp(code, len, errstats[i].code)) {
                errstats[i].count++;
                return;
            }
    }
    errstat_add(code, len);
}

/* ------------------------------------------------------------ instantaneous metrics */

#define METRIC_SAMPLES 16
enum { METRIC_COMMANDS, METRIC_NET_INPUT, METRIC_NET_OUTPUT, METRIC_COUNT };

static struct {
    long long last_ms, last_count;
    long long samples[METRIC_SAMPLES];
    int idx;
} metrics[METRIC_COUNT];

static long long startup_memory = -1;
static void lat_reset(void);
static char replid[41];

static void metric_track(int m, long long current, long long now_ms) {
    long long t = now_ms - metrics[m].last_ms;
    long long ops = current - metrics[m].last_count;
    metrics[m].samples[metrics[m].idx] = t > 0 ? ops * 1000 / t : 0;
    metrics[m].idx = (metrics[m].idx + 1) % METRIC_SAMPLES;
    metrics[m].last_ms = now_ms;
    metrics[m].last_count = current;
}

static long long metric_get(int m) {
    long long sum = 0;
    for (int i = 0; i < METRIC_SAMPLES; i++)
        sum += metrics[m].samples[i];
    return sum / METRIC_SAMPLES;
}

static void metrics_reset(void) {
    long long now = ae_now_ms();
    memset(metrics, 0, sizeof(metrics));
    for (int m = 0; m < METRIC_COUNT; m++)
        metrics[m].last_ms = now;
}

void info_cron(void) {
    long long now = ae_now_ms();
    if (startup_memory < 0) {
        startup_memory = (long long)mem_used();
        metrics_reset();
    }
    if (now - metrics[0].last_ms < 100) return;
    metric_track(METRIC_COMMANDS, srv.stat.numcommands, now);
    metric_track(METRIC_NET_INPUT, srv.stat.net_input_bytes, now);
    metric_track(METRIC_NET_OUTPUT, srv.stat.net_output_bytes, now);
}

void info_reset_stats(void) {
    lat_reset();
    nerrstats = 0;
    errstats_disabled = 0;
    metrics_reset();
}

/* ------------------------------------------------------------ latency histograms */

/* Per-command latency histograms in nanoseconds, with the resolution of an HDR
 * histogram of 2 significant digits over 1 ns .. 1 s (what Redis uses):
 * values below 256 are exact; above, each power of two [2^k, 2^(k+1)) is cut
 * in 128 equal buckets. Allocated on a command's first recorded call;
 * indexed by the command's id. */
#define LAT_MIN     1LL
#define LAT_MAX     1000000000LL
#define LAT_LINEAR  256
#define LAT_HALF    128
#define LAT_TOP_BIT 29 /* LAT_MAX < 2^30 */
#define LAT_BUCKETS (LAT_LINEAR + (LAT_TOP_BIT - 7) * LAT_HALF)

struct lat_hist {
    long long total;
    long long counts[LAT_BUCKETS];
};

static struct lat_hist **lat_by_id;
static size_t lat_cap;

static int lat_index(long long v) {
    if (v < LAT_LINEAR) return (int)v;
    int k = 63 - __builtin_clzll((unsigned long long)v); /* 2^k <= v < 2^(k+1), k >= 8 */
    return LAT_LINEAR + (k - 8) * LAT_HALF + (int)((v >> (k - 7)) - LAT_HALF);
}

static long long lat_lowest(int idx) {
    if (idx < LAT_LINEAR) return idx;
    int k = (idx - LAT_LINEAR) / LAT_HALF + 8, sub = (idx - LAT_LINEAR) % LAT_HALF + LAT_HALF;
    return (long long)sub << (k - 7);
}

static long long lat_highest(int idx) {
    if (idx < LAT_LINEAR) return idx;
    int k = (idx - LAT_LINEAR) / LAT_HALF + 8;
    return lat_lowest(idx) + (1LL << (k - 7)) - 1;
}

void latency_record(const struct command *cmd, long long usec) {
    long long ns = usec * 1000;
    if (ns < LAT_MIN) ns = LAT_MIN;
    if (ns > LAT_MAX) ns = LAT_MAX;
    if (cmd->id >= lat_cap) {
        size_t cap = lat_cap ? lat_cap : 256;
        while (cap <= cmd->id)
            cap *= 2;
        lat_by_id = xrealloc(lat_by_id, sizeof(*lat_by_id) * cap);
        memset(lat_by_id + lat_cap, 0, sizeof(*lat_by_id) * (cap - lat_cap));
        lat_cap = cap;
    }
    struct lat_hist *h = lat_by_id[cmd->id];
    if (!h) h = lat_by_id[cmd->id] = xcalloc(sizeof(*h));
    h->counts[lat_index(ns)]++;
    h->total++;
}

/* The value at a percentile: the top of the bucket holding that rank (the
 * bottom for percentile 0). */
static long long lat_percentile(const struct lat_hist *h, double pct) {
    if (pct > 100.0) pct = 100.0;
    long long rank = (long long)(pct / 100 * (double)h->total + 0.5), seen = 0;
    if (rank < 1) rank = 1;
    for (int i = 0; i < LAT_BUCKETS; i++) {
        seen += h->counts[i];
        if (seen >= rank) return pct == 0.0 ? lat_lowest(i) : lat_highest(i);
    }
    return 0;
}

static void lat_reset(void) {
    for (size_t i = 0; i < lat_cap; i++) {
        xfree(lat_by_id[i]);
        lat_by_id[i] = NULL;
    }
}

/* ------------------------------------------------------------ sections */

static void section_server(struct ibuf *b) {
    static struct utsname uts;
    static int have_uts;
    if (!have_uts) {
        uname(&uts);
        have_uts = 1;
    }
    /* A build id that changes with the version (Redis hashes its build info). */
    unsigned long long id = 1469598103934665603ULL;
    for (const char *s = MNEMO_REAL_VERSION MNEMO_VERSION __DATE__; *s; s++)
        id = (id ^ (unsigned char)*s) * 1099511628211ULL;
    long long uptime = (srv.now_ms - srv.start_ms) / 1000;
    ib_printf(b,
              "# Server\r\n"
              "redis_version:%s\r\n"
              "redis_git_sha1:00000000\r\n"
              "redis_git_dirty:0\r\n"
              "redis_build_id:%llx\r\n"
              "redis_mode:standalone\r\n"
              "os:%s %s %s\r\n"
              "arch_bits:%d\r\n"
              "monotonic_clock:POSIX clock_gettime\r\n"
              "multiplexing_api:epoll\r\n"
              "atomicvar_api:c11-builtin\r\n"
              "gcc_version:%d.%d.%d\r\n"
              "process_id:%lld\r\n"
              "process_supervised:no\r\n"
              "run_id:%s\r\n"
              "tcp_port:%d\r\n"
              "server_time_usec:%lld\r\n"
              "uptime_in_seconds:%lld\r\n"
              "uptime_in_days:%lld\r\n"
              "hz:%d\r\n"
              "configured_hz:%d\r\n"
              "lru_clock:%u\r\n"
              "executable:%s\r\n"
              "config_file:%s\r\n"
              "io_threads_active:0\r\n",
              MNEMO_VERSION, id >> 4, uts.sysname, uts.release, uts.machine, srv.arch_bits,
#ifdef __GNUC__
              __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__,
#else
              0, 0, 0,
#endif
              (long long)getpid(), srv.runid, cfg.port ? cfg.port : cfg.tls_port, ae_now_us(),
              uptime, uptime / 86400, cfg.hz, cfg.hz, lru_clock_now(),
              srv.executable ? srv.executable : "", srv.configfile ? srv.configfile : "");
}

static size_t client_memory(const struct client *c) {
    return sizeof(*c) + c->qb_cap + c->ob_cap + (size_t)c->argv_cap * sizeof(struct str);
}

static void section_clients(struct ibuf *b) {
    size_t max_in = 0, max_out = 0;
    for (struct client *c = srv.clients; c; c = c->next) {
        if (c->qb_cap > max_in) max_in = c->qb_cap;
        size_t out = c->ob_len - c->ob_sent;
        if (out > max_out) max_out = out;
    }
    ib_printf(b,
              "# Clients\r\n"
              "connected_clients:%ld\r\n"
              "cluster_connections:0\r\n"
              "maxclients:%d\r\n"
              "client_recent_max_input_buffer:%zu\r\n"
              "client_recent_max_output_buffer:%zu\r\n"
              "blocked_clients:%ld\r\n"
              "tracking_clients:0\r\n"
              "clients_in_timeout_table:%ld\r\n",
              srv.nclients, cfg.maxclients, max_in, max_out, blocking_num_clients(),
              blocking_num_timeouts());
}

static const char *policy_name(void) {
    struct cfg_param *p = cfg_lookup("maxmemory-policy", NULL);
    for (const struct cfg_enum *e = p->enums; e->name; e++)
        if (e->value == cfg.maxmemory_policy) return e->name;
    return "unknown";
}

/* used_memory as INFO started: the text being built is not counted, so a
 * client polling INFO reads the memory its previous commands left. */
static size_t used_at_start;

static void section_memory(struct ibuf *b) {
    size_t used = used_at_start, rss = mem_rss();
    size_t allocated = 0, active = 0, resident = 0;
    mem_stats(&allocated, &active, &resident, NULL);
    if ((long long)used > srv.stat_peak_memory) srv.stat_peak_memory = (long long)used;
    size_t peak = (size_t)srv.stat_peak_memory;
    size_t startup = startup_memory > 0 ? (size_t)startup_memory : 0;
    size_t clients = 0;
    for (struct client *c = srv.clients; c; c = c->next)
        clients += client_memory(c);
    size_t overhead = startup + clients;
    for (int j = 0; j < srv.ndb; j++)
        overhead += dict_buckets(&srv.db[j].keys) * sizeof(void *) +
                    dict_size(&srv.db[j].keys) * sizeof(struct kv);
    size_t dataset = used > overhead ? used - overhead : 0;
    size_t net = used > startup ? used - startup : 1;
    long pages = sysconf(_SC_PHYS_PAGES), pagesize = sysconf(_SC_PAGESIZE);
    unsigned long total_system =
        pages > 0 && pagesize > 0 ? (unsigned long)pages * (unsigned long)pagesize : 0;
    char h_used[32], h_rss[32], h_peak[32], h_sys[32], h_zero[32], h_max[32];
    bytes_to_human(h_used, sizeof(h_used), used);
    bytes_to_human(h_rss, sizeof(h_rss), rss);
    bytes_to_human(h_peak, sizeof(h_peak), peak);
    bytes_to_human(h_sys, sizeof(h_sys), total_system);
    bytes_to_human(h_zero, sizeof(h_zero), 0);
    bytes_to_human(h_max, sizeof(h_max), (unsigned long long)cfg.maxmemory);
    ib_printf(b,
              "# Memory\r\n"
              "used_memory:%zu\r\n"
              "used_memory_human:%s\r\n"
              "used_memory_rss:%zu\r\n"
              "used_memory_rss_human:%s\r\n"
              "used_memory_peak:%zu\r\n"
              "used_memory_peak_human:%s\r\n"
              "used_memory_peak_perc:%.2f%%\r\n"
              "used_memory_overhead:%zu\r\n"
              "used_memory_startup:%zu\r\n"
              "used_memory_dataset:%zu\r\n"
              "used_memory_dataset_perc:%.2f%%\r\n"
              "allocator_allocated:%zu\r\n"
              "allocator_active:%zu\r\n"
              "allocator_resident:%zu\r\n"
              "total_system_memory:%lu\r\n"
              "total_system_memory_human:%s\r\n",
              used, h_used, rss, h_rss, peak, h_peak, peak ? (float)used * 100 / (float)peak : 0.0f,
              overhead, startup, dataset, (float)dataset * 100 / (float)net, allocated, active,
              resident, total_system, h_sys);
    /* Lua: EVAL's interpreter and the functions' one, as Redis 7.0 reports them. */
    {
        size_t vm_eval = script_memory(), vm_fn = functions_vm_memory();
        size_t scripts_eval = script_overhead(), fn_over = functions_overhead();
        char h_lua[32], h_vm[32], h_scripts[32];
        bytes_to_human(h_lua, sizeof(h_lua), vm_eval);
        bytes_to_human(h_vm, sizeof(h_vm), vm_eval + vm_fn);
        bytes_to_human(h_scripts, sizeof(h_scripts), scripts_eval + fn_over);
        ib_printf(b,
                  "used_memory_lua:%zu\r\n"
                  "used_memory_vm_eval:%zu\r\n"
                  "used_memory_lua_human:%s\r\n"
                  "used_memory_scripts_eval:%zu\r\n"
                  "number_of_cached_scripts:%ld\r\n"
                  "number_of_functions:%ld\r\n"
                  "number_of_libraries:%ld\r\n"
                  "used_memory_vm_functions:%zu\r\n"
                  "used_memory_vm_total:%zu\r\n"
                  "used_memory_vm_total_human:%s\r\n"
                  "used_memory_functions:%zu\r\n"
                  "used_memory_scripts:%zu\r\n"
                  "used_memory_scripts_human:%s\r\n",
                  vm_eval, vm_eval, h_lua, scripts_eval, script_count(), functions_count(),
                  functions_lib_count(), vm_fn, vm_eval + vm_fn, h_vm, fn_over,
                  scripts_eval + fn_over, h_scripts);
    }
    double div_alloc = allocated ? (double)allocated : 1, div_active = active ? (double)active : 1,
           div_res = resident ? (double)resident : 1, div_used = used ? (double)used : 1;
    ib_printf(b,
              "maxmemory:%lld\r\n"
              "maxmemory_human:%s\r\n"
              "maxmemory_policy:%s\r\n"
              "allocator_frag_ratio:%.2f\r\n"
              "allocator_frag_bytes:%zu\r\n"
              "allocator_rss_ratio:%.2f\r\n"
              "allocator_rss_bytes:%zd\r\n"
              "rss_overhead_ratio:%.2f\r\n"
              "rss_overhead_bytes:%zd\r\n"
              "mem_fragmentation_ratio:%.2f\r\n"
              "mem_fragmentation_bytes:%zd\r\n"
              "mem_not_counted_for_evict:%zu\r\n"
              "mem_replication_backlog:0\r\n"
              "mem_total_replication_buffers:0\r\n"
              "mem_clients_slaves:%zu\r\n"
              "mem_clients_normal:%zu\r\n"
              "mem_cluster_links:0\r\n"
              "mem_aof_buffer:%zu\r\n"
              "mem_allocator:jemalloc-%d.%d.%d\r\n"
              "active_defrag_running:0\r\n"
              "lazyfree_pending_objects:0\r\n"
              "lazyfreed_objects:0\r\n",
              cfg.maxmemory, h_max, policy_name(), (double)active / div_alloc, active - allocated,
              (double)resident / div_active, (ssize_t)(resident - active), (double)rss / div_res,
              (ssize_t)(rss - resident), (double)rss / div_used, (ssize_t)(rss - used),
              evict_excluded_memory(), repl_output_mem(), clients, aof_buffer_mem(),
              JEMALLOC_VERSION_MAJOR, JEMALLOC_VERSION_MINOR, JEMALLOC_VERSION_BUGFIX);
}

static void section_persistence(struct ibuf *b) {
    char *rdbf = rdb_info_fields(), *loading = rdb_info_loading();
    char aof_main[1024], aof_extra[512];
    aof_info_fields(aof_main, sizeof(aof_main), AOF_INFO_MAIN);
    aof_info_fields(aof_extra, sizeof(aof_extra), AOF_INFO_EXTRA);
    ib_printf(b,
              "# Persistence\r\n"
              "loading:%d\r\n"
              "async_loading:0\r\n"
              "%s" /* rdb_info_fields(): current_cow_peak ... rdb_last_load_keys_loaded */
              "%s" /* aof_enabled ... aof_last_cow_size */
              "module_fork_in_progress:0\r\n"
              "module_fork_last_cow_size:0\r\n"
              "%s"  /* aof_current_size ... when the AOF is on */
              "%s", /* rdb_info_loading(): loading_* while loading */
              srv.loading ? 1 : 0, rdbf, aof_main, aof_extra, loading);
    xfree(rdbf);
    xfree(loading);
}

static void section_stats(struct ibuf *b) {
    const struct stats *s = &srv.stat;
    ib_printf(b,
              "# Stats\r\n"
              "total_connections_received:%lld\r\n"
              "total_commands_processed:%lld\r\n"
              "instantaneous_ops_per_sec:%lld\r\n"
              "total_net_input_bytes:%lld\r\n"
              "total_net_output_bytes:%lld\r\n"
              "total_net_repl_input_bytes:0\r\n"
              "total_net_repl_output_bytes:0\r\n"
              "instantaneous_input_kbps:%.2f\r\n"
              "instantaneous_output_kbps:%.2f\r\n"
              "instantaneous_input_repl_kbps:0.00\r\n"
              "instantaneous_output_repl_kbps:0.00\r\n"
              "rejected_connections:%lld\r\n"
              "sync_full:0\r\n"
              "sync_partial_ok:0\r\n"
              "sync_partial_err:0\r\n"
              "expired_keys:%lld\r\n"
              "expired_stale_perc:%.2f\r\n"
              "expired_time_cap_reached_count:%lld\r\n"
              "expire_cycle_cpu_milliseconds:0\r\n"
              "evicted_keys:%lld\r\n"
              "evicted_clients:0\r\n"
              "total_eviction_exceeded_time:%lld\r\n"
              "current_eviction_exceeded_time:%lld\r\n"
              "keyspace_hits:%lld\r\n"
              "keyspace_misses:%lld\r\n"
              "pubsub_channels:0\r\n"
              "pubsub_patterns:0\r\n"
              "pubsubshard_channels:0\r\n"
              "latest_fork_usec:%lld\r\n"
              "total_forks:%lld\r\n"
              "migrate_cached_sockets:0\r\n"
              "slave_expires_tracked_keys:0\r\n"
              "active_defrag_hits:0\r\n"
              "active_defrag_misses:0\r\n"
              "active_defrag_key_hits:0\r\n"
              "active_defrag_key_misses:0\r\n"
              "total_active_defrag_time:0\r\n"
              "current_active_defrag_time:0\r\n"
              "tracking_total_keys:0\r\n"
              "tracking_total_items:0\r\n"
              "tracking_total_prefixes:0\r\n"
              "unexpected_error_replies:%lld\r\n"
              "total_error_replies:%lld\r\n"
              "dump_payload_sanitizations:%lld\r\n"
              "total_reads_processed:%lld\r\n"
              "total_writes_processed:%lld\r\n"
              "io_threaded_reads_processed:0\r\n"
              "io_threaded_writes_processed:0\r\n"
              "reply_buffer_shrinks:0\r\n"
              "reply_buffer_expands:0\r\n",
              s->numconnections, s->numcommands, metric_get(METRIC_COMMANDS), s->net_input_bytes,
              s->net_output_bytes, (double)metric_get(METRIC_NET_INPUT) / 1024,
              (double)metric_get(METRIC_NET_OUTPUT) / 1024, s->rejected_conn, s->expiredkeys,
              (double)s->expired_stale_perc_x100 / 100, s->expired_time_cap_reached, s->evictedkeys,
              evict_exceeded_total_ms(), evict_exceeded_current_ms(), s->keyspace_hits,
              s->keyspace_misses, child_last_fork_usec(), child_total_forks(),
              s->unexpected_error_replies, s->total_error_replies, rdb_dump_payload_sanitizations(),
              s->io_reads, s->io_writes);
}

static void section_replication(struct ibuf *b) {
    if (!replid[0]) {
        get_random_hex(replid, 40);
        replid[40] = '\0';
    }
    ib_printf(b, "# Replication\r\nrole:master\r\nconnected_slaves:0\r\n");
    if (cfg.min_replicas_to_write && cfg.min_replicas_max_lag)
        ib_printf(b, "min_slaves_good_slaves:0\r\n");
    ib_printf(b,
              "master_failover_state:no-failover\r\n"
              "master_replid:%s\r\n"
              "master_replid2:0000000000000000000000000000000000000000\r\n"
              "master_repl_offset:0\r\n"
              "second_repl_offset:-1\r\n"
              "repl_backlog_active:0\r\n"
              "repl_backlog_size:%lld\r\n"
              "repl_backlog_first_byte_offset:0\r\n"
              "repl_backlog_histlen:0\r\n",
              replid, cfg.repl_backlog_size);
}

static void section_cpu(struct ibuf *b) {
    struct rusage self, children, thread;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    getrusage(RUSAGE_THREAD, &thread);
    ib_printf(b,
              "# CPU\r\n"
              "used_cpu_sys:%ld.%06ld\r\n"
              "used_cpu_user:%ld.%06ld\r\n"
              "used_cpu_sys_children:%ld.%06ld\r\n"
              "used_cpu_user_children:%ld.%06ld\r\n"
              "used_cpu_sys_main_thread:%ld.%06ld\r\n"
              "used_cpu_user_main_thread:%ld.%06ld\r\n",
              (long)self.ru_stime.tv_sec, (long)self.ru_stime.tv_usec, (long)self.ru_utime.tv_sec,
              (long)self.ru_utime.tv_usec, (long)children.ru_stime.tv_sec,
              (long)children.ru_stime.tv_usec, (long)children.ru_utime.tv_sec,
              (long)children.ru_utime.tv_usec, (long)thread.ru_stime.tv_sec,
              (long)thread.ru_stime.tv_usec, (long)thread.ru_utime.tv_sec,
              (long)thread.ru_utime.tv_usec);
}

static void commandstats_of(struct ibuf *b, const struct command *c) {
    if (c->calls || c->failed_calls || c->rejected_calls) {
        ib_printf(b, "cmdstat_");
        ib_safe(b, c->fullname, strlen(c->fullname));
        ib_printf(
            b, ":calls=%lld,usec=%lld,usec_per_call=%.2f,rejected_calls=%lld,failed_calls=%lld\r\n",
            c->calls, c->usec, c->calls ? (float)c->usec / (float)c->calls : 0.0f,
            c->rejected_calls, c->failed_calls);
    }
    for (const struct command *s = c->subcommands; s && s->name; s++)
        commandstats_of(b, s);
}

static void section_commandstats(struct ibuf *b) {
    ib_printf(b, "# Commandstats\r\n");
    long pos = 0;
    for (struct command *c; (c = cmd_iter(&pos));)
        commandstats_of(b, c);
}

static void latencystats_of(struct ibuf *b, const struct command *c) {
    const struct lat_hist *h = c->id < lat_cap ? lat_by_id[c->id] : NULL;
    if (h) {
        ib_printf(b, "latency_percentiles_usec_");
        ib_safe(b, c->fullname, strlen(c->fullname));
        ib_printf(b, ":");
        for (int i = 0; i < cfg.latency_tracking_info_percentiles_len; i++) {
            double pct = cfg.latency_tracking_info_percentiles[i];
            char label[64];
            snprintf(label, sizeof(label), "%f", pct);
            char *dot = strchr(label, '.');
            if (dot) { /* "99.900000" -> "99.9", "50.000000" -> "50" */
                size_t l = strlen(label);
                while (label[l - 1] == '0')
                    label[--l] = '\0';
                if (label[l - 1] == '.') label[--l] = '\0';
            }
            ib_printf(b, "%sp%s=%.3f", i ? "," : "", label,
                      (double)lat_percentile(h, pct) / 1000.0);
        }
        ib_printf(b, "\r\n");
    }
    for (const struct command *s = c->subcommands; s && s->name; s++)
        latencystats_of(b, s);
}

static void section_latencystats(struct ibuf *b) {
    ib_printf(b, "# Latencystats\r\n");
    if (!cfg.latency_tracking) return;
    long pos = 0;
    for (struct command *c; (c = cmd_iter(&pos));)
        latencystats_of(b, c);
}

static void section_errorstats(struct ibuf *b) {
    ib_printf(b, "# Errorstats\r\n");
    for (int i = 0; i < nerrstats; i++) {
        ib_printf(b, "errorstat_");
        ib_safe(b, errstats[i].code, strlen(errstats[i].code));
        ib_printf(b, ":count=%lld\r\n", errstats[i].count);
    }
}

static void section_keyspace(struct ibuf *b) {
    ib_printf(b, "# Keyspace\r\n");
    for (int j = 0; j < srv.ndb; j++) {
        long long keys = (long long)dict_size(&srv.db[j].keys), vkeys = srv.db[j].volatile_keys;
        if (keys || vkeys)
            ib_printf(b, "db%d:keys=%lld,expires=%lld,avg_ttl=%lld\r\n", j, keys, vkeys,
                      srv.db[j].avg_ttl);
    }
}

/* ------------------------------------------------------------ INFO */

static const char *const default_sections[] = {
    "server", "clients",     "memory",     "persistence", "stats",    "replication",
    "cpu",    "module_list", "errorstats", "cluster",     "keyspace", NULL};

struct section_set {
    const char *const *names;
    int n;
    int defaults, all, everything;
};

static int wants(const struct section_set *s, const char *name) {
    if (s->all) return 1;
    if (s->defaults)
        for (int i = 0; default_sections[i]; i++)
            if (!strcmp(default_sections[i], name)) return 1;
    for (int i = 0; i < s->n; i++)
        if (!strcasecmp(s->names[i], name)) return 1;
    return 0;
}

char *info_generate(const char *const *names, int n, size_t *len) {
    struct section_set set = {.names = names, .n = n, .defaults = n == 0};
    for (int i = 0; i < n; i++) {
        if (!strcasecmp(names[i], "default"))
            set.defaults = 1;
        else if (!strcasecmp(names[i], "all"))
            set.all = 1;
        else if (!strcasecmp(names[i], "everything"))
            set.all = set.everything = 1;
    }
    static const struct {
        const char *name, *alt;
        void (*fn)(struct ibuf *b);
    } sections[] = {
        {"server", NULL, section_server},
        {"clients", NULL, section_clients},
        {"memory", NULL, section_memory},
        {"persistence", NULL, section_persistence},
        {"stats", NULL, section_stats},
        {"replication", NULL, section_replication},
        {"cpu", NULL, section_cpu},
        {"module_list", "modules", NULL},
        {"commandstats", NULL, section_commandstats},
        {"errorstats", NULL, section_errorstats},
        {"latencystats", NULL, section_latencystats},
        {"cluster", NULL, NULL},
        {"keyspace", NULL, section_keyspace},
    };
    used_at_start = mem_used();
    struct ibuf b = {0};
    ib_catlen(&b, "", 0);
    int count = 0;
    for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
        if (!wants(&set, sections[i].name) && !(sections[i].alt && wants(&set, sections[i].alt)))
            continue;
        if (count++) ib_catlen(&b, "\r\n", 2);
        if (sections[i].fn)
            sections[i].fn(&b);
        else if (!strcmp(sections[i].name, "module_list"))
            ib_printf(&b, "# Modules\r\n");
        else
            ib_printf(&b, "# Cluster\r\ncluster_enabled:0\r\n");
    }
    *len = b.len;
    return b.p;
}

static void info_cmd(struct client *c) {
    const char **names = xmalloc(sizeof(char *) * (size_t)(c->argc > 1 ? c->argc - 1 : 1));
    for (int i = 1; i < c->argc; i++)
        names[i - 1] = c->argv[i].ptr;
    size_t len;
    char *text = info_generate(names, c->argc - 1, &len);
    reply_verbatim(c, text, len, "txt");
    xfree(text);
    xfree(names);
}

struct command info_commands[] = {
    {.name = "info",
     .proc = info_cmd,
     .arity = -1,
     .flags = CMD_LOADING | CMD_STALE | CMD_SENTINEL,
     .acl = ACL_SLOW | ACL_DANGEROUS,
     .group = "server",
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Get information and statistics about the server",
     .syntax = "[section [section ...]]",
     .tips = "nondeterministic_output request_policy:all_shards response_policy:special"},
    {0},
};
