/*
 * RefNet-v1 in plain C: the single-core reference for the peer comparison.
 *
 * Exactly the workload of tools/bench-peers/REFNET.md: 32x32 u8 frames, hash-driven rate encoder (T = 16
 * steps), 1024 -> 400 all-to-all int8 weights, int16 membranes with a 1/8 leak, threshold 24000,
 * reset to 0, lateral inhibition 8000 per other spike with a -16000 floor, and pair-based integer
 * STDP in train mode. Spikes are compressed to index lists and only the weight rows of spiking
 * inputs are added (event-driven), into int16 partial sums over at most 256 rows (256 * 127 fits).
 * It stands for "the hardware limit on this CPU": gcc -O3 -march=native, one thread.
 *
 *   snn_ref --mode infer|train --frames N --warmup W [--json]
 *   snn_ref MODE FRAMES WARMUP            (the positional form of the spec's check table)
 *
 * Check values (fnv1a_features over every frame's 400 spike counts, weight_sum = sum of W at the
 * end) cover the warm-up frames too, so `--frames 200 --warmup 10` matches the `infer 200 10` row.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

enum { NIN = 1024, NEXC = 400, T = 16, ROWCHUNK = 256 };
enum { VTH = 24000, INHIB = 8000, VMIN = -16000 };

static inline uint32_t lowbias32(uint32_t x) {
    x ^= x >> 16; x *= 0x7feb352du; x ^= x >> 15; x *= 0x846ca68bu; x ^= x >> 16;
    return x;
}

static int8_t W[NIN * NEXC] __attribute__((aligned(64)));
static uint8_t pixel[NIN] __attribute__((aligned(64)));
static uint8_t prob[NIN] __attribute__((aligned(64)));      /* pixel >> 2 */
static int32_t idx[NIN] __attribute__((aligned(64)));       /* spiking inputs of one step */
static int16_t v[NEXC] __attribute__((aligned(64)));
static int32_t cur[NEXC] __attribute__((aligned(64)));
static int16_t acc16[NEXC] __attribute__((aligned(64)));
static uint8_t spk[NEXC] __attribute__((aligned(64)));
static uint8_t cnt[NEXC] __attribute__((aligned(64)));
static uint8_t xpre[NIN] __attribute__((aligned(64)));
static uint8_t xpost[NEXC] __attribute__((aligned(64)));
static uint8_t ltd[NEXC] __attribute__((aligned(64)));

static void make_frame(uint32_t f) {
    for (uint32_t p = 0; p < NIN; p++) {
        pixel[p] = (uint8_t)(lowbias32((f * NIN + p) ^ 0x9E3779B9u) >> 24);
        prob[p] = pixel[p] >> 2;
    }
}

/* Indices of the inputs that spike at step t of frame f, in increasing order. */
static int encode_step(uint32_t f, uint32_t t) {
    uint32_t base = (f * T + t) * NIN;
    int n = 0;
#if defined(__AVX512F__)
    const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m512i k = _mm512_set1_epi32((int)0xE2C4A7F1u);
    const __m512i m1 = _mm512_set1_epi32(0x7feb352d), m2 = _mm512_set1_epi32((int)0x846ca68bu);
    for (uint32_t i = 0; i < NIN; i += 16) {
        __m512i ii = _mm512_add_epi32(_mm512_set1_epi32((int)i), lane);
        __m512i x = _mm512_xor_si512(_mm512_add_epi32(_mm512_set1_epi32((int)base), ii), k);
        x = _mm512_xor_si512(x, _mm512_srli_epi32(x, 16));
        x = _mm512_mullo_epi32(x, m1);
        x = _mm512_xor_si512(x, _mm512_srli_epi32(x, 15));
        x = _mm512_mullo_epi32(x, m2);
        x = _mm512_xor_si512(x, _mm512_srli_epi32(x, 16));
        x = _mm512_srli_epi32(x, 24);
        __m512i p = _mm512_cvtepu8_epi32(_mm_load_si128((const __m128i *)(prob + i)));
        __mmask16 m = _mm512_cmplt_epu32_mask(x, p);
        _mm512_mask_compressstoreu_epi32(idx + n, m, ii);
        n += __builtin_popcount(m);
    }
#else
    uint8_t hit[NIN];
    for (uint32_t i = 0; i < NIN; i++)
        hit[i] = (lowbias32((base + i) ^ 0xE2C4A7F1u) >> 24) < prob[i];
    for (uint32_t i = 0; i < NIN; i++) { idx[n] = (int32_t)i; n += hit[i]; }
#endif
    return n;
}

/* cur[j] = sum of W[i][j] over the spiking rows. Unroll-and-jam is disabled: gcc 12 turns this loop
 * into a scalar two-row loop otherwise, about 10x slower. */
__attribute__((optimize("no-loop-unroll-and-jam")))
static void accumulate(int n) {
    memset(cur, 0, sizeof cur);
    for (int c = 0; c < n; c += ROWCHUNK) {
        int end = c + ROWCHUNK < n ? c + ROWCHUNK : n;
        memset(acc16, 0, sizeof acc16);
        for (int r = c; r < end; r++) {
            const int8_t *restrict row = W + (size_t)idx[r] * NEXC;
            for (int j = 0; j < NEXC; j++) acc16[j] = (int16_t)(acc16[j] + row[j]);
        }
        for (int j = 0; j < NEXC; j++) cur[j] += acc16[j];
    }
}

/* Steps 2-4 of the spec: leak + input with int16 saturation, threshold and reset, inhibition. */
static int lif_step(void) {
    int n = 0;
    for (int j = 0; j < NEXC; j++) {
        int32_t x = (int32_t)v[j] - (v[j] >> 3) + cur[j];
        if (x > 32767) x = 32767;
        if (x < -32768) x = -32768;
        uint8_t s = x >= VTH;
        v[j] = s ? 0 : (int16_t)x;
        spk[j] = s;
        n += s;
    }
    if (n) {
        for (int j = 0; j < NEXC; j++) {
            int32_t x = (int32_t)v[j] - INHIB * (n - spk[j]);
            v[j] = (int16_t)(x < VMIN ? VMIN : x);
            cnt[j] += spk[j];
        }
    }
    return n;
}

/* Pair-based STDP after the step (spec order: decay, pre bump, LTD with old post traces, post bump,
 * LTP with new pre traces). */
static void stdp(int nin, int nexc) {
    for (int i = 0; i < NIN; i++) xpre[i] = (uint8_t)((3 * xpre[i]) >> 2);
    int any_ltd = 0;
    for (int j = 0; j < NEXC; j++) {
        xpost[j] = (uint8_t)((3 * xpost[j]) >> 2);
        ltd[j] = xpost[j] >> 5;
        any_ltd |= ltd[j];
    }
    for (int r = 0; r < nin; r++) {
        int i = idx[r];
        int x = xpre[i] + 64;
        xpre[i] = (uint8_t)(x > 127 ? 127 : x);
    }
    if (any_ltd) { /* skipping is exact: every decrement would be 0 */
        for (int r = 0; r < nin; r++) {
            int8_t *restrict row = W + (size_t)idx[r] * NEXC;
            for (int j = 0; j < NEXC; j++) {
                int x = row[j] - ltd[j];
                row[j] = (int8_t)(x < 0 ? 0 : x);
            }
        }
    }
    if (nexc) {
        for (int j = 0; j < NEXC; j++) {
            if (!spk[j]) continue;
            int x = xpost[j] + 64;
            xpost[j] = (uint8_t)(x > 127 ? 127 : x);
        }
        int post[NEXC], np = 0;
        for (int j = 0; j < NEXC; j++) {
            post[np] = j;
            np += spk[j];
        }
        /* Column-strided: one byte per input row for each post spike (branch-free; d may be 0). */
        for (int q = 0; q < np; q++) {
            int8_t *restrict col = W + post[q];
            for (int i = 0; i < NIN; i++) {
                int x = col[(size_t)i * NEXC] + (xpre[i] >> 4);
                col[(size_t)i * NEXC] = (int8_t)(x > 127 ? 127 : x);
            }
        }
    }
}

static double now(clockid_t c) {
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Peak RSS in MiB from VmHWM, which starts afresh at exec; ru_maxrss would carry over the peak of
 * whatever process forked us (a Python harness: about 30 MiB). */
static double peak_rss_mib(void) {
    FILE *fp = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (fp && fgets(line, sizeof line, fp))
        if (sscanf(line, "VmHWM: %ld kB", &kb) == 1) break;
    if (fp) fclose(fp);
    if (kb < 0) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        kb = ru.ru_maxrss;
    }
    return (double)kb / 1024.0;
}

static int usage(const char *msg) {
    fprintf(stderr, "Error: %s\nUSAGE: snn_ref --mode infer|train --frames N --warmup W [--json]\n"
                    "       snn_ref infer|train FRAMES WARMUP [--json]\n", msg);
    return 64;
}

static int parse_count(const char *s, long *out) {
    char *end;
    long x = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || x < 0 || x > 100000000) return 0;
    *out = x;
    return 1;
}

int main(int argc, char **argv) {
    const char *mode = NULL;
    long frames = 200, warmup = 10;
    int json = 0, npos = 0;
    for (int a = 1; a < argc; a++) {
        const char *s = argv[a];
        if (!strcmp(s, "--json")) json = 1;
        else if (!strcmp(s, "--mode") && a + 1 < argc) mode = argv[++a];
        else if (!strcmp(s, "--frames") && a + 1 < argc) { if (!parse_count(argv[++a], &frames)) return usage("--frames needs a count"); }
        else if (!strcmp(s, "--warmup") && a + 1 < argc) { if (!parse_count(argv[++a], &warmup)) return usage("--warmup needs a count"); }
        else if (s[0] != '-' && npos == 0) { mode = s; npos++; }
        else if (s[0] != '-' && npos == 1) { if (!parse_count(s, &frames)) return usage("FRAMES must be a count"); npos++; }
        else if (s[0] != '-' && npos == 2) { if (!parse_count(s, &warmup)) return usage("WARMUP must be a count"); npos++; }
        else return usage("unknown argument");
    }
    if (!mode) mode = "infer";
    int train = !strcmp(mode, "train");
    if (!train && strcmp(mode, "infer")) return usage("--mode must be infer or train");
    if (frames < 1) return usage("--frames must be at least 1");

    for (uint32_t i = 0; i < NIN; i++)
        for (uint32_t j = 0; j < NEXC; j++)
            W[i * NEXC + j] = (int8_t)(lowbias32((i * NEXC + j) ^ 0x3C6EF372u) >> 26);

    uint32_t fnv = 0x811c9dc5u;
    uint64_t in_all = 0, exc_all = 0, in_timed = 0, exc_timed = 0;
    double w0 = 0, c0 = 0;
    long total = frames + warmup;
    for (long f = 0; f < total; f++) {
        if (f == warmup) { w0 = now(CLOCK_MONOTONIC); c0 = now(CLOCK_PROCESS_CPUTIME_ID); }
        make_frame((uint32_t)f);
        memset(cnt, 0, sizeof cnt);
        uint64_t fin = 0, fexc = 0;
        for (uint32_t t = 0; t < T; t++) {
            int nin = encode_step((uint32_t)f, t);
            accumulate(nin);
            int nexc = lif_step();
            if (train) stdp(nin, nexc);
            fin += (uint64_t)nin;
            fexc += (uint64_t)nexc;
        }
        for (int j = 0; j < NEXC; j++) { fnv ^= cnt[j]; fnv *= 0x01000193u; }
        in_all += fin; exc_all += fexc;
        if (f >= warmup) { in_timed += fin; exc_timed += fexc; }
    }
    double secs = now(CLOCK_MONOTONIC) - w0, cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    int64_t wsum = 0;
    for (size_t k = 0; k < (size_t)NIN * NEXC; k++) wsum += W[k];
    double rss = peak_rss_mib();
    double events = (double)in_timed * NEXC + (double)exc_timed * (NEXC - 1);

    if (json) {
        printf("{\"peer\":\"c\",\"impl\":\"C gcc -O3 -march=native, int16 v, int8 W, event-driven\","
               "\"mode\":\"%s\",\"frames\":%ld,\"warmup\":%ld,\"seconds\":%.6f,\"cpu_seconds\":%.6f,"
               "\"fps\":%.1f,\"fps_cpu\":%.1f,\"in_spikes_per_frame\":%.2f,\"exc_spikes_per_frame\":%.2f,"
               "\"in_spikes_per_frame_all\":%.2f,\"exc_spikes_per_frame_all\":%.2f,"
               "\"syn_events_per_s\":%.4g,\"syn_events_per_s_cpu\":%.4g,\"peak_rss_mib\":%.2f,"
               "\"fnv1a_features\":\"%08x\",\"weight_sum\":%lld}\n",
               mode, frames, warmup, secs, cpu, (double)frames / secs, (double)frames / cpu,
               (double)in_timed / frames, (double)exc_timed / frames,
               (double)in_all / total, (double)exc_all / total,
               events / secs, events / cpu, rss, fnv, (long long)wsum);
    } else {
        printf("RefNet-v1 C %s: %ld frames (+%ld warm-up)\n", mode, frames, warmup);
        printf("  %.1f frames/s wall, %.1f frames/s CPU, %.3g synaptic events/s\n",
               (double)frames / secs, (double)frames / cpu, events / secs);
        printf("  in spikes/frame %.1f, exc spikes/frame %.2f (all %ld frames: %.1f, %.2f)\n",
               (double)in_timed / frames, (double)exc_timed / frames, total,
               (double)in_all / total, (double)exc_all / total);
        printf("  fnv1a_features %08x  weight_sum %lld  peak RSS %.2f MiB\n", fnv, (long long)wsum, rss);
    }
    return 0;
}
