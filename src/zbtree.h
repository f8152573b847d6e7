/* zbtree: the large encoding of sorted sets. An order-statistics B+tree of
 * (score, member) pairs, ordered by score then by member bytes (memcmp, the
 * shorter first on a tie), plus a compact member index.
 *
 * Tree: inner nodes hold, per child, its pointer, its element count and the
 * lowest score in its subtree, so rank queries and rank seeks are O(log N).
 * Leaves are doubly linked and pack their entries back to back:
 *
 *   entry = [score][shared varint][suffix length varint][suffix bytes]
 *
 * where the member is the first `shared` bytes of the previous entry's member
 * followed by the suffix (the first entry of a leaf always has shared = 0), and
 * the score is 1 byte for integers 0..223, a tag plus 1-7 bytes for other
 * integers up to 2^53, or a tag plus the 8 raw bytes of the double. A member is
 * stored exactly once: in its leaf.
 *
 * Member index: an open-addressing table (linear probing, backward-shift
 * deletion) of {32-bit member hash, score} slots, kept as two parallel arrays.
 * A slot's home is derived from its hash alone, so the table can be resized
 * without touching the members. To find a member, every slot whose hash
 * matches gives a candidate score, confirmed by looking for (score, member) in
 * the tree. Two members with the same hash and score have identical slots, so
 * any one of them may be taken for the other: the table needs no member
 * pointers.
 *
 * Costs: score lookup, insert, delete, rank, rank seek and score seek are
 * O(log N); an iterator then steps in O(1) amortized, in both directions. The
 * tree is not safe to modify while an iterator is in use (re-seek after).
 *
 * Memory: every node, leaf and index array is one xmalloc'd block; zbt_mem
 * reports their usable sizes. */
#ifndef MNEMO_ZBTREE_H
#define MNEMO_ZBTREE_H
#include <stddef.h>
#include <stdint.h>

struct zbt;
struct zleaf;

struct zbt *zbt_new(void);
void zbt_free(struct zbt *t);
struct zbt *zbt_dup(const struct zbt *t);
uint64_t zbt_len(const struct zbt *t);
size_t zbt_mem(const struct zbt *t);

/* 1 and *score if the member is present. */
int zbt_score(struct zbt *t, const char *m, size_t len, double *score);
/* Inserts a member that is not present. */
void zbt_insert(struct zbt *t, const char *m, size_t len, double score);
/* Deletes a member present with this score. */
void zbt_delete(struct zbt *t, const char *m, size_t len, double score);
/* Moves a member present at oldscore to newscore. */
void zbt_update(struct zbt *t, const char *m, size_t len, double oldscore, double newscore);
/* 0-based rank of a member present with this score. */
uint64_t zbt_rank(struct zbt *t, const char *m, size_t len, double score);

/* Number of leading elements whose score is < s (inclusive: <= s). */
uint64_t zbt_count_score_below(struct zbt *t, double s, int inclusive);
/* Number of leading elements whose member is < m (inclusive: <= m), found by
 * a binary search that assumes members are sorted (as they are when all
 * scores are equal, the case lexicographic ranges are meant for). */
uint64_t zbt_count_member_below(struct zbt *t, const char *m, size_t len, int inclusive);
/* Number of elements ordered before (s, m) (whether or not it is present). */
uint64_t zbt_count_key_below(struct zbt *t, double s, const char *m, size_t len);
/* A number unique to this tree among all trees ever created in the process. */
uint64_t zbt_uid(const struct zbt *t);

/* An iterator over the elements in order. After a seek or a step, `valid`
 * says whether it stands on an element; then score, m/mlen (valid until the
 * next step or release) and rank describe it. */
struct zbt_iter {
    struct zbt *t;
    int valid;
    double score;
    const char *m;
    size_t mlen;
    uint64_t rank;
    /* private: the current leaf, decoded lazily up to entry dec - 1 */
    struct zleaf *leaf;
    uint32_t i, n, cap, dec, doff;
    size_t dpos;
    double *sc;
    uint32_t *mo, *ml;
    char *buf;
    size_t bufcap;
};

void zbt_iter_init(struct zbt_iter *it, struct zbt *t);
void zbt_iter_release(struct zbt_iter *it);
void zbt_seek_rank(struct zbt_iter *it, uint64_t rank); /* invalid if rank >= len */
void zbt_next(struct zbt_iter *it);
void zbt_prev(struct zbt_iter *it);

/* Checks every invariant (orders, counts, minimums, links, index); returns 0
 * if sound, else a number naming the first broken one. For tests. */
int zbt_check(struct zbt *t);
/* For tests: the number of inner levels and the index capacity. */
int zbt_height(const struct zbt *t);
uint64_t zbt_index_cap(const struct zbt *t);

#endif
