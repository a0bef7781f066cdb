/*
 * zhifa.ledger._scan — the hot loop of `zhifa verify`, in C.
 *
 * verify.py walks a chain's rows in seq order; for each it must rebuild the canonical record, check
 * entry_hash = SM3(prev_hash ‖ record), and fold the entry into the chain's Merkle tree (RFC 9162 on SM3).
 * In CPython that costs about four times the SM3 itself; here it costs little more than the SM3.
 *
 * This module is only a faster path, never the authority: whatever it cannot settle (a string that needs
 * JSON escaping, a time it does not recognise, a hash that does not match, a key announcement) it hands
 * back to verify.py's Python code, which decides. It accepts a row only when the bytes it built hash to
 * the stored entry_hash, and it builds them only from strings that need no escaping, so the fields are
 * delimited exactly as in the canonical form: a row it accepts is one the Python path accepts too.
 *
 * SM3 is GB/T 32905-2016, written from the standard; tests check it against OpenSSL's (hashlib).
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------------ SM3 */

typedef struct {
    uint32_t v[8];
    uint64_t length;     /* bytes hashed so far */
    unsigned char buf[64];
    size_t used;
} sm3_ctx;

static const uint32_t SM3_IV[8] = {0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600,
                                   0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e};
static uint32_t SM3_T[64]; /* T_j <<< (j mod 32), filled at import */

#define ROTL(x, n) (((x) << (n)) | ((x) >> ((32 - (n)) & 31)))
#define P0(x) ((x) ^ ROTL((x), 9) ^ ROTL((x), 17))
#define P1(x) ((x) ^ ROTL((x), 15) ^ ROTL((x), 23))

static inline uint32_t load_be32(const unsigned char *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

#define FF0(x, y, z) ((x) ^ (y) ^ (z))
#define FF1(x, y, z) (((x) & (y)) | (((x) | (y)) & (z)))
#define GG0(x, y, z) ((x) ^ (y) ^ (z))
#define GG1(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))

#define EXPAND(J) (P1(w[(J) - 16] ^ w[(J) - 9] ^ ROTL(w[(J) - 3], 15)) ^ ROTL(w[(J) - 13], 7) ^ w[(J) - 6])

/* One round with the eight words renamed instead of moved: after R(A..H), the next round's A..H are
 * D,A,B,C and H,E,F,G (the standard's D←C, C←B<<<9, B←A, A←TT1, and the same for E..H). The message
 * word round J+4 needs is expanded here, not in a loop before the rounds: its chain of dependencies then
 * runs beside the rounds' own instead of before them (about twice as fast). */
#define R(A, B, C, D, E, F, G, H, J, FF, GG)                       \
    do {                                                           \
        if ((J) + 4 >= 16) w[(J) + 4] = EXPAND((J) + 4);           \
        uint32_t a12 = ROTL(A, 12), ss1 = ROTL(a12 + E + SM3_T[J], 7); \
        uint32_t tt1 = FF(A, B, C) + D + (ss1 ^ a12) + (w[J] ^ w[(J) + 4]); \
        uint32_t tt2 = GG(E, F, G) + H + ss1 + w[J];              \
        B = ROTL(B, 9); D = tt1; F = ROTL(F, 19); H = P0(tt2);     \
    } while (0)
#define R4(J, FF, GG)                                  \
    R(a, b, c, d, e, f, g, h, (J), FF, GG);            \
    R(d, a, b, c, h, e, f, g, (J) + 1, FF, GG);        \
    R(c, d, a, b, g, h, e, f, (J) + 2, FF, GG);        \
    R(b, c, d, a, f, g, h, e, (J) + 3, FF, GG)

static void sm3_compress(uint32_t v[8], const unsigned char *block) {
    uint32_t w[68];
    int j;
    for (j = 0; j < 16; j++) w[j] = load_be32(block + 4 * j);
    uint32_t a = v[0], b = v[1], c = v[2], d = v[3], e = v[4], f = v[5], g = v[6], h = v[7];
    R4(0, FF0, GG0); R4(4, FF0, GG0); R4(8, FF0, GG0); R4(12, FF0, GG0);
    R4(16, FF1, GG1); R4(20, FF1, GG1); R4(24, FF1, GG1); R4(28, FF1, GG1);
    R4(32, FF1, GG1); R4(36, FF1, GG1); R4(40, FF1, GG1); R4(44, FF1, GG1);
    R4(48, FF1, GG1); R4(52, FF1, GG1); R4(56, FF1, GG1); R4(60, FF1, GG1);
    v[0] ^= a; v[1] ^= b; v[2] ^= c; v[3] ^= d; v[4] ^= e; v[5] ^= f; v[6] ^= g; v[7] ^= h;
}
#undef R4
#undef R
#undef EXPAND

static void sm3_init(sm3_ctx *ctx) {
    memcpy(ctx->v, SM3_IV, sizeof SM3_IV);
    ctx->length = 0;
    ctx->used = 0;
}

static void sm3_update(sm3_ctx *ctx, const unsigned char *data, size_t n) {
    ctx->length += n;
    if (ctx->used) {
        size_t take = 64 - ctx->used < n ? 64 - ctx->used : n;
        memcpy(ctx->buf + ctx->used, data, take);
        ctx->used += take; data += take; n -= take;
        if (ctx->used < 64) return;
        sm3_compress(ctx->v, ctx->buf);
        ctx->used = 0;
    }
    for (; n >= 64; data += 64, n -= 64) sm3_compress(ctx->v, data);
    memcpy(ctx->buf, data, n);
    ctx->used = n;
}

static void sm3_final(sm3_ctx *ctx, unsigned char out[32]) {
    uint64_t bits = ctx->length * 8;
    ctx->buf[ctx->used++] = 0x80;
    if (ctx->used > 56) {
        memset(ctx->buf + ctx->used, 0, 64 - ctx->used);
        sm3_compress(ctx->v, ctx->buf);
        ctx->used = 0;
    }
    memset(ctx->buf + ctx->used, 0, 56 - ctx->used);
    for (int i = 0; i < 8; i++) ctx->buf[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
    sm3_compress(ctx->v, ctx->buf);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (unsigned char)(ctx->v[i] >> 24);
        out[4 * i + 1] = (unsigned char)(ctx->v[i] >> 16);
        out[4 * i + 2] = (unsigned char)(ctx->v[i] >> 8);
        out[4 * i + 3] = (unsigned char)ctx->v[i];
    }
}

static void sm3(const unsigned char *data, size_t n, unsigned char out[32]) {
    sm3_ctx ctx;
    sm3_init(&ctx);
    sm3_update(&ctx, data, n);
    sm3_final(&ctx, out);
}

/* ------------------------------------------------------------------ hex */

static const char HEX[] = "0123456789abcdef";

static void to_hex(const unsigned char *in, size_t n, char *out) {
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = HEX[in[i] >> 4];
        out[2 * i + 1] = HEX[in[i] & 15];
    }
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* 64 hex digits → 32 bytes; 0 when the text is not that. */
static int from_hex32(const char *s, Py_ssize_t n, unsigned char out[32]) {
    if (n != 64) return 0;
    for (int i = 0; i < 32; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return 0;
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return 1;
}

/* ------------------------------------------------------------------ the scanner */

#define MAX_LEVELS 64
#define N_COLUMNS 13
enum { C_SEQ, C_PREV, C_HASH, C_KIND, C_STYPE, C_SID, C_SLABEL, C_AID, C_ALABEL, C_AT, C_PAYLOAD, C_EVIDENCE,
       C_CORRECTS };

/* A row built and waiting to be hashed: its message is buf[off, off + len). */
typedef struct {
    size_t off, len;
    long long seq;
    char hash[64];           /* the stored entry_hash, hex */
    unsigned char digest[32];
    int check;               /* 0: before check_from, only folded in (digest decoded from hash) */
} Job;

/* A watched subtree, found while the GIL is let go and put in the dict after. */
typedef struct {
    int level;
    unsigned long long index;
    unsigned char hash[32];
} Kept;

/* Subtrees whose parent touches a two-leaf interval: at most two parents a level, so four children. */
#define PENDING_ROOM (4 * (MAX_LEVELS + 1))

typedef struct {
    PyObject_HEAD
    long long chain;
    long long seq;           /* the seq the next row must have */
    long long check_from;    /* rows before this seq are linked and folded in, not rehashed (--since) */
    long long checked;       /* rows whose hash was checked */
    char prev[64];           /* the hex entry_hash the next row's prev_hash must equal */
    unsigned long long size; /* leaves in the Merkle tree */
    unsigned char stack[MAX_LEVELS][32];
    int depth;
    int watching;            /* keep the subtrees whose parent touches leaves [watch_lo, watch_hi] */
    unsigned long long watch_lo, watch_hi;
    PyObject *kept;          /* dict (level, index) -> bytes */
    PyObject *key_kind;      /* rows of this kind go back to Python (str) */
    char *buf;               /* the messages of one batch */
    size_t cap, used;
    Job *jobs;
    size_t jobs_cap;
    Kept *pending;           /* watched subtrees not yet in the dict */
    size_t n_pending, pending_cap;
} Scanner;

static int grow(void **p, size_t *cap, size_t need, size_t item) {
    if (need <= *cap) return 1;
    size_t n = *cap ? *cap : 1024;
    while (n < need) n *= 2;
    void *q = PyMem_RawRealloc(*p, n * item);
    if (!q) return 0;
    *p = q;
    *cap = n;
    return 1;
}

/* Fold one entry into the tree: RFC 9162 leaf SM3(0x00 ‖ entry_hash), nodes SM3(0x01 ‖ left ‖ right).
 * Runs without the GIL: watched subtrees go to s->pending, for which the caller made room (PENDING_ROOM). */
static int push_leaf(Scanner *s, const unsigned char entry_hash[32]) {
    unsigned char msg[65], node[32];
    msg[0] = 0x00;
    memcpy(msg + 1, entry_hash, 32);
    sm3(msg, 33, node);
    unsigned long long i = s->size;
    int level = 0;
    msg[0] = 0x01;
    for (;;) {
        if (s->watching) {
            unsigned long long span = 2ULL << level, p_lo = (i >> 1) * span;
            if (p_lo <= s->watch_hi && s->watch_lo < p_lo + span) {
                if (s->n_pending == s->pending_cap) return 0;
                Kept *k = &s->pending[s->n_pending++];
                k->level = level;
                k->index = i;
                memcpy(k->hash, node, 32);
            }
        }
        if (!(i & 1)) break;
        if (s->depth == 0) return 0; /* cannot happen: size's set bits are the stack */
        s->depth--;
        memcpy(msg + 1, s->stack[s->depth], 32);
        memcpy(msg + 33, node, 32);
        sm3(msg, 65, node);
        i >>= 1;
        level++;
    }
    if (s->depth >= MAX_LEVELS) return 0;
    memcpy(s->stack[s->depth++], node, 32);
    s->size++;
    return 1;
}

/* Move the watched subtrees found since the last call into the dict (with the GIL). */
static int flush_pending(Scanner *s) {
    for (size_t k = 0; k < s->n_pending; k++) {
        PyObject *key = Py_BuildValue("(iK)", s->pending[k].level, s->pending[k].index);
        PyObject *value = PyBytes_FromStringAndSize((const char *)s->pending[k].hash, 32);
        int rc = (key && value) ? PyDict_SetItem(s->kept, key, value) : -1;
        Py_XDECREF(key);
        Py_XDECREF(value);
        if (rc < 0) return -1;
    }
    s->n_pending = 0;
    return 0;
}

/* A text field's UTF-8: a str, or bytes as SQLite hands a BLOB (no decoding and encoding again). */
static const char *text(PyObject *o, Py_ssize_t *n) {
    if (PyBytes_Check(o)) {
        *n = PyBytes_GET_SIZE(o);
        return PyBytes_AS_STRING(o);
    }
    if (!PyUnicode_Check(o)) return NULL;
    const char *p = PyUnicode_AsUTF8AndSize(o, n);
    if (!p) PyErr_Clear();
    return p;
}

/* A string field's UTF-8, or NULL when it is not text or would need JSON escaping. */
static const char *plain(PyObject *o, Py_ssize_t *n) {
    const char *p = text(o, n);
    if (!p) return NULL;
    for (Py_ssize_t i = 0; i < *n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c < 0x20 || c == '"' || c == '\\') return NULL;
    }
    return p;
}

#define PUT(s_, n_) do { memcpy(w, (s_), (size_t)(n_)); w += (n_); } while (0)
#define LIT(s_) PUT((s_), sizeof(s_) - 1)

/* Build one row's job, linked to (*seq, prev): 1 built; 0 Python must look at it; -1 error set.
 * Everything that needs Python objects happens here, with the GIL; the hashing comes after, without. */
static int build(Scanner *s, PyObject *row, long long expected_seq, const char *expected_prev, Job *job) {
    if (!PyTuple_Check(row) || PyTuple_GET_SIZE(row) != N_COLUMNS) return 0;
    PyObject *o_seq = PyTuple_GET_ITEM(row, C_SEQ);
    if (!PyLong_Check(o_seq)) return 0;
    long long seq = PyLong_AsLongLong(o_seq);
    if (seq == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        return 0;
    }
    Py_ssize_t n_prev, n_hash, n_kind;
    const char *prev = text(PyTuple_GET_ITEM(row, C_PREV), &n_prev);
    const char *hash = text(PyTuple_GET_ITEM(row, C_HASH), &n_hash);
    const char *kind = plain(PyTuple_GET_ITEM(row, C_KIND), &n_kind);
    if (!prev || !hash || !kind || n_hash != 64) return 0;
    Py_ssize_t n_key;
    const char *key = PyUnicode_AsUTF8AndSize(s->key_kind, &n_key);
    if (!key) return -1;
    if (n_kind == n_key && memcmp(kind, key, (size_t)n_key) == 0) return 0;
    job->seq = seq;
    memcpy(job->hash, hash, 64);
    job->off = job->len = 0;
    if (seq < s->check_from) { /* only linked and folded in */
        job->check = 0;
        return from_hex32(hash, n_hash, job->digest);
    }
    job->check = 1;
    if (seq != expected_seq || n_prev != 64 || memcmp(prev, expected_prev, 64) != 0) return 0;
    unsigned char prev_bytes[32];
    if (!from_hex32(prev, n_prev, prev_bytes)) return 0;
    Py_ssize_t n_st, n_sid, n_sl, n_al, n_at, n_payload, n_evidence, n_corrects = 0;
    const char *st = plain(PyTuple_GET_ITEM(row, C_STYPE), &n_st);
    const char *sid = plain(PyTuple_GET_ITEM(row, C_SID), &n_sid);
    const char *sl = plain(PyTuple_GET_ITEM(row, C_SLABEL), &n_sl);
    const char *al = plain(PyTuple_GET_ITEM(row, C_ALABEL), &n_al);
    const char *at = text(PyTuple_GET_ITEM(row, C_AT), &n_at);
    const char *payload = text(PyTuple_GET_ITEM(row, C_PAYLOAD), &n_payload);
    const char *evidence = text(PyTuple_GET_ITEM(row, C_EVIDENCE), &n_evidence);
    PyObject *o_corrects = PyTuple_GET_ITEM(row, C_CORRECTS);
    const char *corrects = NULL;
    if (o_corrects != Py_None) {
        corrects = plain(o_corrects, &n_corrects);
        if (!corrects) return 0;
    }
    if (!st || !sid || !sl || !al || !at || !payload || !evidence) return 0;
    /* Django's stored UTC time, "YYYY-MM-DD HH:MM:SS[.ffffff]" (verify.py asks PostgreSQL for the same). */
    if (!((n_at == 26 || n_at == 19) && at[10] == ' ')) return 0;
    char actor_id[24] = "null";
    PyObject *o_aid = PyTuple_GET_ITEM(row, C_AID);
    if (o_aid != Py_None) {
        if (!PyLong_Check(o_aid)) return 0;
        long long aid = PyLong_AsLongLong(o_aid);
        if (aid == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            return 0;
        }
        snprintf(actor_id, sizeof actor_id, "%lld", aid);
    }
    char chain_text[24], seq_text[24];
    int n_chain = snprintf(chain_text, sizeof chain_text, "%lld", s->chain);
    int n_seq = snprintf(seq_text, sizeof seq_text, "%lld", seq);

    size_t need = s->used + 32 + 200 + (size_t)(n_al + n_st + n_sid + n_sl + n_kind + n_payload + n_evidence
                                                + n_corrects);
    if (!grow((void **)&s->buf, &s->cap, need, 1)) {
        PyErr_NoMemory();
        return -1;
    }
    char *w = s->buf + s->used;
    job->off = s->used;
    PUT(prev_bytes, 32);
    LIT("{\"actor\":{\"id\":");
    PUT(actor_id, strlen(actor_id));
    LIT(",\"label\":\"");
    PUT(al, n_al);
    LIT("\"},\"at\":\"");
    PUT(at, 10);
    *w++ = 'T';
    PUT(at + 11, 8);
    if (n_at == 26) PUT(at + 19, 7);
    else LIT(".000000");
    LIT("Z\",\"chain\":");
    PUT(chain_text, n_chain);
    LIT(",\"corrects\":");
    if (corrects && n_corrects) {
        *w++ = '"';
        PUT(corrects, n_corrects);
        *w++ = '"';
    } else {
        LIT("null");
    }
    LIT(",\"evidence\":");
    PUT(evidence, n_evidence);
    LIT(",\"kind\":\"");
    PUT(kind, n_kind);
    LIT("\",\"payload\":");
    PUT(payload, n_payload);
    LIT(",\"seq\":");
    PUT(seq_text, n_seq);
    LIT(",\"subject\":{\"id\":\"");
    PUT(sid, n_sid);
    LIT("\",\"label\":\"");
    PUT(sl, n_sl);
    LIT("\",\"type\":\"");
    PUT(st, n_st);
    LIT("\"},\"v\":1}");
    job->len = (size_t)(w - s->buf) - job->off;
    s->used += job->len;
    return 1;
}

#undef PUT
#undef LIT

enum { STOP_END = 0, STOP_CHECKPOINT = 1, STOP_ROW = 2 };

/* feed(rows, start, stop_size): build the rows' messages with the GIL, then hash and fold them in without
 * it — so that another thread (verify.py's prefetch of the next batch) runs meanwhile. */
static PyObject *Scanner_feed(Scanner *s, PyObject *args) {
    PyObject *rows;
    Py_ssize_t start;
    unsigned long long stop_size;
    if (!PyArg_ParseTuple(args, "O!nK", &PyList_Type, &rows, &start, &stop_size)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(rows);
    if (start < 0 || start > n) {
        PyErr_SetString(PyExc_IndexError, "start out of range");
        return NULL;
    }
    Py_ssize_t take = n - start;
    if (stop_size) {
        if (stop_size <= s->size) return Py_BuildValue("(ni)", start, STOP_CHECKPOINT);
        if ((unsigned long long)take > stop_size - s->size) take = (Py_ssize_t)(stop_size - s->size);
    }
    if (!grow((void **)&s->jobs, &s->jobs_cap, (size_t)take + 1, sizeof(Job))
        || !grow((void **)&s->pending, &s->pending_cap, s->n_pending + PENDING_ROOM, sizeof(Kept))) {
        PyErr_NoMemory();
        return NULL;
    }
    /* 1. with the GIL: link and build each row, as if every one before it holds */
    Py_ssize_t built = 0;
    int stalled = 0;
    long long seq = s->seq;
    const char *prev = s->prev;
    s->used = 0;
    for (; built < take; built++) {
        Job *job = &s->jobs[built];
        int rc = build(s, PyList_GET_ITEM(rows, start + built), seq, prev, job);
        if (rc < 0) return NULL;
        if (rc == 0) {
            stalled = 1;
            break;
        }
        seq = job->seq + 1;
        prev = job->hash;
    }
    /* 2. without it: hash, compare, fold in, up to the first row that does not hold */
    Py_ssize_t done = 0;
    int broken = 0;
    long long checked = 0;
    Py_BEGIN_ALLOW_THREADS
    for (; done < built; done++) {
        Job *job = &s->jobs[done];
        if (job->check) {
            char computed[64];
            sm3((const unsigned char *)s->buf + job->off, job->len, job->digest);
            to_hex(job->digest, 32, computed);
            if (memcmp(computed, job->hash, 64) != 0) break;
            checked++;
        }
        if (!push_leaf(s, job->digest)) {
            broken = 1;
            break;
        }
    }
    Py_END_ALLOW_THREADS
    /* 3. with it again: the state after the last row that held */
    s->checked += checked;
    if (done) {
        s->seq = s->jobs[done - 1].seq + 1;
        memcpy(s->prev, s->jobs[done - 1].hash, 64);
    }
    if (flush_pending(s) < 0) return NULL;
    if (broken) {
        PyErr_SetString(PyExc_RuntimeError, "Merkle stack out of step with its size, or too many watched nodes");
        return NULL;
    }
    if (done < built || stalled) return Py_BuildValue("(ni)", start + done, STOP_ROW);
    if (stop_size && s->size == stop_size) return Py_BuildValue("(ni)", start + done, STOP_CHECKPOINT);
    return Py_BuildValue("(ni)", start + done, STOP_END);
}

static PyObject *Scanner_accept(Scanner *s, PyObject *args) {
    long long seq;
    const char *hash;
    Py_ssize_t n_hash;
    if (!PyArg_ParseTuple(args, "Ls#", &seq, &hash, &n_hash)) return NULL;
    unsigned char digest[32];
    if (!from_hex32(hash, n_hash, digest)) {
        PyErr_SetString(PyExc_ValueError, "entry_hash is not 64 hex digits");
        return NULL;
    }
    if (!grow((void **)&s->pending, &s->pending_cap, s->n_pending + PENDING_ROOM, sizeof(Kept))) {
        PyErr_NoMemory();
        return NULL;
    }
    if (!push_leaf(s, digest)) {
        PyErr_SetString(PyExc_RuntimeError, "Merkle stack out of step with its size");
        return NULL;
    }
    if (flush_pending(s) < 0) return NULL;
    s->seq = seq + 1;
    memcpy(s->prev, hash, 64);
    Py_RETURN_NONE;
}

static PyObject *Scanner_watch(Scanner *s, PyObject *args) {
    PyObject *lo_hi;
    if (!PyArg_ParseTuple(args, "O", &lo_hi)) return NULL;
    if (lo_hi == Py_None) {
        s->watching = 0;
    } else if (!PyArg_ParseTuple(lo_hi, "KK", &s->watch_lo, &s->watch_hi)) {
        return NULL;
    } else {
        s->watching = 1;
    }
    PyObject *fresh = PyDict_New();
    if (!fresh) return NULL;
    Py_SETREF(s->kept, fresh);
    Py_RETURN_NONE;
}

static PyObject *Scanner_get_stack(Scanner *s, void *closure) {
    PyObject *out = PyList_New(s->depth);
    if (!out) return NULL;
    for (int i = 0; i < s->depth; i++) {
        PyObject *h = PyBytes_FromStringAndSize((const char *)s->stack[i], 32);
        if (!h) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, i, h);
    }
    return out;
}

static PyObject *Scanner_get_prev(Scanner *s, void *closure) {
    return PyUnicode_FromStringAndSize(s->prev, 64);
}

static PyObject *Scanner_get_kept(Scanner *s, void *closure) {
    return Py_NewRef(s->kept);
}

static PyGetSetDef Scanner_getset[] = {
    {"stack", (getter)Scanner_get_stack, NULL, "the compact range's subtree roots, left to right", NULL},
    {"prev", (getter)Scanner_get_prev, NULL, "the entry_hash the next row must link to", NULL},
    {"kept", (getter)Scanner_get_kept, NULL, "watched subtrees: (level, index) -> hash", NULL},
    {NULL},
};

#include <structmember.h>
static PyMemberDef Scanner_members[] = {
    {"seq", T_LONGLONG, offsetof(Scanner, seq), READONLY, "the seq the next row must have"},
    {"size", T_ULONGLONG, offsetof(Scanner, size), READONLY, "leaves folded into the tree"},
    {"checked", T_LONGLONG, offsetof(Scanner, checked), READONLY, "rows whose hash was checked here"},
    {NULL},
};

static PyMethodDef Scanner_methods[] = {
    {"feed", (PyCFunction)Scanner_feed, METH_VARARGS,
     "feed(rows, start, stop_size) -> (next index, why it stopped: 0 end, 1 checkpoint size, 2 row for Python)"},
    {"accept", (PyCFunction)Scanner_accept, METH_VARARGS, "accept(seq, entry_hash): fold in a row Python checked"},
    {"watch", (PyCFunction)Scanner_watch, METH_VARARGS,
     "watch((lo, hi) | None): keep the subtrees a consistency proof from this boundary needs (fresh dict)"},
    {NULL},
};

static int Scanner_init(Scanner *s, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"chain", "check_from", "key_kind", NULL};
    PyObject *key_kind;
    s->check_from = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "LLU", kwlist, &s->chain, &s->check_from, &key_kind)) return -1;
    s->seq = 1;
    memset(s->prev, '0', 64);
    s->size = 0;
    s->depth = 0;
    s->checked = 0;
    s->watching = 0;
    Py_XSETREF(s->key_kind, Py_NewRef(key_kind));
    Py_XSETREF(s->kept, PyDict_New());
    return s->kept ? 0 : -1;
}

static void Scanner_dealloc(Scanner *s) {
    Py_XDECREF(s->kept);
    Py_XDECREF(s->key_kind);
    PyMem_RawFree(s->buf);
    PyMem_RawFree(s->jobs);
    PyMem_RawFree(s->pending);
    Py_TYPE(s)->tp_free((PyObject *)s);
}

static PyTypeObject ScannerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "zhifa.ledger._scan.Scanner",
    .tp_doc = "Scanner(chain, check_from, key_kind): one chain's rows, in seq order, checked and folded in",
    .tp_basicsize = sizeof(Scanner),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Scanner_init,
    .tp_dealloc = (destructor)Scanner_dealloc,
    .tp_methods = Scanner_methods,
    .tp_members = Scanner_members,
    .tp_getset = Scanner_getset,
};

static PyObject *py_sm3(PyObject *self, PyObject *arg) {
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) return NULL;
    unsigned char out[32];
    sm3((const unsigned char *)view.buf, (size_t)view.len, out);
    PyBuffer_Release(&view);
    return PyBytes_FromStringAndSize((const char *)out, 32);
}

static PyMethodDef module_methods[] = {
    {"sm3", py_sm3, METH_O, "sm3(data) -> 32-byte digest (this module's own SM3, for the tests)"},
    {NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "zhifa.ledger._scan", NULL, -1, module_methods};

PyMODINIT_FUNC PyInit__scan(void) {
    for (int j = 0; j < 64; j++) {
        uint32_t t = j < 16 ? 0x79cc4519u : 0x7a879d8au;
        SM3_T[j] = ROTL(t, j % 32);
    }
    if (PyType_Ready(&ScannerType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    if (PyModule_AddObjectRef(m, "Scanner", (PyObject *)&ScannerType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
