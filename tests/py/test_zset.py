"""Sorted-set commands against Mnemo.

CASES are command scripts whose expected replies are the exact bytes Redis
7.0.15 returned for them (recorded once from redis-server); each script runs
on a flushed database, RESP3 ones after HELLO 3. The tests after them check
what a fixed script cannot: encodings at the thresholds, large (tree-encoded)
sets against a Python model, ZSCAN cursors, ZRANDMEMBER sampling.
"""
import random
import shlex

import pytest

CASES = {
    'zadd_basic': [
        ('ZADD z 1 a', b':1\r\n'),
        ('ZADD z 2 b 3 c', b':2\r\n'),
        ('ZADD z 1 a', b':0\r\n'),
        ('ZADD z 10 a', b':0\r\n'),
        ('ZRANGE z 0 -1 WITHSCORES', b'*6\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\na\r\n$2\r\n10\r\n'),
        ('ZADD z 1.5 x -2.5e3 y', b':2\r\n'),
        ('ZRANGE z 0 -1 WITHSCORES', b'*10\r\n$1\r\ny\r\n$5\r\n-2500\r\n$1\r\nx\r\n$3\r\n1.5\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\na\r\n$2\r\n10\r\n'),
        ('ZCARD z', b':5\r\n'),
    ],
    'zadd_options': [
        ('ZADD z 1 a 2 b', b':2\r\n'),
        ('ZADD z NX 5 a 3 c', b':1\r\n'),
        ('ZRANGE z 0 -1 WITHSCORES', b'*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
        ('ZADD z XX 7 a 4 d', b':0\r\n'),
        ('ZRANGE z 0 -1 WITHSCORES', b'*6\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\na\r\n$1\r\n7\r\n'),
        ('ZADD z CH 7 a 8 b 9 e', b':2\r\n'),
        ('ZADD z GT CH 6 a 9 b', b':1\r\n'),
        ('ZADD z LT CH 6 a 20 b', b':1\r\n'),
        ('ZRANGE z 0 -1 WITHSCORES', b'*8\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\na\r\n$1\r\n6\r\n$1\r\nb\r\n$1\r\n9\r\n$1\r\ne\r\n$1\r\n9\r\n'),
        ('ZADD z XX GT CH 100 a 1 b 5 newone', b':1\r\n'),
        ('ZADD z xx lt ch 1 a', b':1\r\n'),
        ('ZRANGE z 0 -1 WITHSCORES', b'*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n9\r\n$1\r\ne\r\n$1\r\n9\r\n'),
        ('ZADD z GT 50 f', b':1\r\n'),
        ('ZSCORE z f', b'$2\r\n50\r\n'),
        ('ZADD z INCR 2 a', b'$1\r\n3\r\n'),
        ('ZADD z INCR XX 1 nope', b'$-1\r\n'),
        ('ZADD z INCR NX 1 a', b'$-1\r\n'),
        ('ZADD z INCR GT -1 a', b'$-1\r\n'),
        ('ZADD z INCR LT -1 a', b'$1\r\n2\r\n'),
        ('ZADD z incr ch 0 a', b'$1\r\n2\r\n'),
        ('ZADD newkey XX 1 a', b':0\r\n'),
        ('EXISTS newkey', b':0\r\n'),
        ('ZADD newkey XX INCR 1 a', b'$-1\r\n'),
    ],
    'zadd_errors': [
        ('ZADD z NX XX 1 a', b'-ERR XX and NX options at the same time are not compatible\r\n'),
        ('ZADD z GT LT 1 a', b'-ERR GT, LT, and/or NX options at the same time are not compatible\r\n'),
        ('ZADD z GT NX 1 a', b'-ERR GT, LT, and/or NX options at the same time are not compatible\r\n'),
        ('ZADD z LT NX 1 a', b'-ERR GT, LT, and/or NX options at the same time are not compatible\r\n'),
        ('ZADD z INCR 1 a 2 b', b'-ERR INCR option supports a single increment-element pair\r\n'),
        ('ZADD z 1', b"-ERR wrong number of arguments for 'zadd' command\r\n"),
        ('ZADD z 1 a 2', b'-ERR syntax error\r\n'),
        ('ZADD z NX', b"-ERR wrong number of arguments for 'zadd' command\r\n"),
        ('ZADD z x a', b'-ERR value is not a valid float\r\n'),
        ('ZADD z 1 a x b', b'-ERR value is not a valid float\r\n'),
        ('ZADD z nan a', b'-ERR value is not a valid float\r\n'),
        ('ZADD z 1e400 a', b'-ERR value is not a valid float\r\n'),
        ('ZADD z " 1" a', b'-ERR value is not a valid float\r\n'),
        ('ZADD z "" a', b'-ERR value is not a valid float\r\n'),
        ('ZADD z 0x10 a', b':1\r\n'),
        ('ZADD z', b"-ERR wrong number of arguments for 'zadd' command\r\n"),
        ('ZADD', b"-ERR wrong number of arguments for 'zadd' command\r\n"),
        ('ZADD z inf a', b':0\r\n'),
        ('ZADD z INCR -inf a', b'-ERR resulting score is not a number (NaN)\r\n'),
        ('ZADD z INCR +inf a', b'$3\r\ninf\r\n'),
        ('ZSCORE z a', b'$3\r\ninf\r\n'),
        ('SET s v', b'+OK\r\n'),
        ('ZADD s 1 a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('ZADD s x a', b'-ERR value is not a valid float\r\n'),
        ('ZADD s NX XX 1 a', b'-ERR XX and NX options at the same time are not compatible\r\n'),
        ('EXISTS z', b':1\r\n'),
    ],
    'zadd_scores_format': [
        ('ZADD z 0.1 a 1e10 b -0 c 3.0 d 1.0000000000000002 e 1e300 f 123456789012345678 g 5e-324 h', b':8\r\n'),
        ('ZRANGE z 0 -1 WITHSCORES', b'*16\r\n$1\r\nc\r\n$1\r\n0\r\n$1\r\nh\r\n$23\r\n4.9406564584124654e-324\r\n$1\r\na\r\n$19\r\n0.10000000000000001\r\n$1\r\ne\r\n$18\r\n1.0000000000000002\r\n$1\r\nd\r\n$1\r\n3\r\n$1\r\nb\r\n$11\r\n10000000000\r\n$1\r\ng\r\n$22\r\n1.2345678901234568e+17\r\n$1\r\nf\r\n$23\r\n1.0000000000000001e+300\r\n'),
        ('ZSCORE z c', b'$1\r\n0\r\n'),
        ('ZSCORE z a', b'$19\r\n0.10000000000000001\r\n'),
        ('ZMSCORE z a b c d e f g h nope', b'*9\r\n$19\r\n0.10000000000000001\r\n$11\r\n10000000000\r\n$1\r\n0\r\n$1\r\n3\r\n$18\r\n1.0000000000000002\r\n$23\r\n1.0000000000000001e+300\r\n$22\r\n1.2345678901234568e+17\r\n$23\r\n4.9406564584124654e-324\r\n$-1\r\n'),
        ('ZSCAN z 0', b'*2\r\n$1\r\n0\r\n*16\r\n$1\r\nc\r\n$1\r\n0\r\n$1\r\nh\r\n$23\r\n4.9406564584124654e-324\r\n$1\r\na\r\n$19\r\n0.10000000000000001\r\n$1\r\ne\r\n$18\r\n1.0000000000000002\r\n$1\r\nd\r\n$1\r\n3\r\n$1\r\nb\r\n$11\r\n10000000000\r\n$1\r\ng\r\n$18\r\n123456789012345680\r\n$1\r\nf\r\n$23\r\n1.0000000000000001e+300\r\n'),
    ],
    'zincrby': [
        ('ZINCRBY z 1 a', b'$1\r\n1\r\n'),
        ('ZINCRBY z 2.5 a', b'$3\r\n3.5\r\n'),
        ('ZINCRBY z -10 a', b'$4\r\n-6.5\r\n'),
        ('ZSCORE z a', b'$4\r\n-6.5\r\n'),
        ('ZINCRBY z x a', b'-ERR value is not a valid float\r\n'),
        ('ZINCRBY z inf a', b'$3\r\ninf\r\n'),
        ('ZINCRBY z -inf a', b'-ERR resulting score is not a number (NaN)\r\n'),
        ('ZSCORE z a', b'$3\r\ninf\r\n'),
        ('ZINCRBY z 1', b"-ERR wrong number of arguments for 'zincrby' command\r\n"),
        ('ZINCRBY z nx a', b'-ERR syntax error\r\n'),
        ('ZINCRBY z 1 a b', b"-ERR wrong number of arguments for 'zincrby' command\r\n"),
        ('SET s v', b'+OK\r\n'),
        ('ZINCRBY s 1 a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
    ],
    'zscore_zmscore': [
        ('ZADD z 1 a 2.5 b', b':2\r\n'),
        ('ZSCORE z a', b'$1\r\n1\r\n'),
        ('ZSCORE z b', b'$3\r\n2.5\r\n'),
        ('ZSCORE z c', b'$-1\r\n'),
        ('ZSCORE nokey a', b'$-1\r\n'),
        ('ZMSCORE z a b c', b'*3\r\n$1\r\n1\r\n$3\r\n2.5\r\n$-1\r\n'),
        ('ZMSCORE nokey a b', b'*2\r\n$-1\r\n$-1\r\n'),
        ('ZMSCORE z', b"-ERR wrong number of arguments for 'zmscore' command\r\n"),
        ('ZSCORE z', b"-ERR wrong number of arguments for 'zscore' command\r\n"),
        ('SET s v', b'+OK\r\n'),
        ('ZSCORE s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('ZMSCORE s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
    ],
    'zcard_zrank': [
        ('ZADD z 1 a 2 b 3 c 3 d', b':4\r\n'),
        ('ZCARD z', b':4\r\n'),
        ('ZCARD nokey', b':0\r\n'),
        ('ZRANK z a', b':0\r\n'),
        ('ZRANK z d', b':3\r\n'),
        ('ZREVRANK z a', b':3\r\n'),
        ('ZREVRANK z d', b':0\r\n'),
        ('ZRANK z nope', b'$-1\r\n'),
        ('ZRANK nokey a', b'$-1\r\n'),
        ('ZREVRANK nokey a', b'$-1\r\n'),
        ('ZRANK z', b"-ERR wrong number of arguments for 'zrank' command\r\n"),
        ('ZRANK z a b', b"-ERR wrong number of arguments for 'zrank' command\r\n"),
        ('SET s v', b'+OK\r\n'),
        ('ZCARD s', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('ZRANK s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('ZREVRANK s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
    ],
    'zcount': [
        ('ZADD z 1 a 2 b 3 c 4 d 5 e', b':5\r\n'),
        ('ZCOUNT z -inf +inf', b':5\r\n'),
        ('ZCOUNT z 2 4', b':3\r\n'),
        ('ZCOUNT z (2 4', b':2\r\n'),
        ('ZCOUNT z 2 (4', b':2\r\n'),
        ('ZCOUNT z (2 (2', b':0\r\n'),
        ('ZCOUNT z 4 2', b':0\r\n'),
        ('ZCOUNT z 6 10', b':0\r\n'),
        ('ZCOUNT z -10 0', b':0\r\n'),
        ('ZCOUNT z "" 3', b':3\r\n'),
        ('ZCOUNT z " 2" 3', b':2\r\n'),
        ('ZCOUNT z ( 3', b':3\r\n'),
        ('ZCOUNT z 0x2 3', b':2\r\n'),
        ('ZCOUNT z x 3', b'-ERR min or max is not a float\r\n'),
        ('ZCOUNT z 1 nan', b'-ERR min or max is not a float\r\n'),
        ('ZCOUNT z ((1 3', b'-ERR min or max is not a float\r\n'),
        ('ZCOUNT z 1e400 inf', b':0\r\n'),
        ('ZCOUNT nokey 0 1', b':0\r\n'),
        ('ZCOUNT z 1', b"-ERR wrong number of arguments for 'zcount' command\r\n"),
        ('SET s v', b'+OK\r\n'),
        ('ZCOUNT s 0 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('ZCOUNT s x 1', b'-ERR min or max is not a float\r\n'),
    ],
    'zlexcount': [
        ('ZADD z 0 a 0 b 0 c 0 d 0 e', b':5\r\n'),
        ('ZLEXCOUNT z - +', b':5\r\n'),
        ('ZLEXCOUNT z [b [d', b':3\r\n'),
        ('ZLEXCOUNT z (b (d', b':1\r\n'),
        ('ZLEXCOUNT z (b [d', b':2\r\n'),
        ('ZLEXCOUNT z + -', b':0\r\n'),
        ('ZLEXCOUNT z - -', b':0\r\n'),
        ('ZLEXCOUNT z [a [a', b':1\r\n'),
        ('ZLEXCOUNT z (a (a', b':0\r\n'),
        ('ZLEXCOUNT z [f +', b':0\r\n'),
        ('ZLEXCOUNT z [ +', b':5\r\n'),
        ('ZLEXCOUNT z ( +', b':5\r\n'),
        ('ZLEXCOUNT z a c', b'-ERR min or max not valid string range item\r\n'),
        ('ZLEXCOUNT z [a c', b'-ERR min or max not valid string range item\r\n'),
        ('ZLEXCOUNT z -a +', b'-ERR min or max not valid string range item\r\n'),
        ('ZLEXCOUNT z "" +', b'-ERR min or max not valid string range item\r\n'),
        ('ZLEXCOUNT nokey - +', b':0\r\n'),
        ('SET s v', b'+OK\r\n'),
        ('ZLEXCOUNT s - +', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('ZADD u 1 b 2 a 3 c', b':3\r\n'),
        ('ZLEXCOUNT u [a [b', b':2\r\n'),
        ('ZLEXCOUNT u - [b', b':2\r\n'),
    ],
    'zrange_rank': [
        ('ZADD z 1 a 2 b 3 c 4 d', b':4\r\n'),
        ('ZRANGE z 0 -1', b'*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
        ('ZRANGE z 1 2 WITHSCORES', b'*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
        ('ZRANGE z -2 -1', b'*2\r\n$1\r\nc\r\n$1\r\nd\r\n'),
        ('ZRANGE z 2 1', b'*0\r\n'),
        ('ZRANGE z 5 10', b'*0\r\n'),
        ('ZRANGE z -100 100', b'*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
        ('ZRANGE z 0 -1 REV', b'*4\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n'),
        ('ZRANGE z 0 0 REV WITHSCORES', b'*2\r\n$1\r\nd\r\n$1\r\n4\r\n'),
        ('ZRANGE z 0 -1 WITHSCORES WITHSCORES', b'*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n'),
        ('ZREVRANGE z 0 -1', b'*4\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n'),
        ('ZREVRANGE z 1 2 WITHSCORES', b'*4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n'),
        ('ZREVRANGE z 0 -1 REV', b'-ERR syntax error\r\n'),
        ('ZRANGE z a 1', b'-ERR value is not an integer or out of range\r\n'),
        ('ZRANGE z 0 9223372036854775808', b'-ERR value is not an integer or out of range\r\n'),
        ('ZRANGE z 0 1 LIMIT 0 1', b'-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n'),
        ('ZRANGE z 0 1 FOO', b'-ERR syntax error\r\n'),
        ('ZRANGE z 0 1 REV REV', b'-ERR syntax error\r\n'),
        ('ZRANGE nokey 0 -1', b'*0\r\n'),
        ('ZRANGE z 0', b"-ERR wrong number of arguments for 'zrange' command\r\n"),
        ('ZREVRANGE z 0 1 LIMIT 0 1', b'-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n'),
        ('SET s v', b'+OK\r\n'),
        ('ZRANGE s 0 -1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('ZREVRANGE s 0 -1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
    ],
    'zrange_byscore': [
        ('ZADD z 1 a 2 b 3 c 4 d 5 e', b':5\r\n'),
        ('ZRANGE z 2 4 BYSCORE', b'*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
        ('ZRANGE z (2 4 BYSCORE WITHSCORES', b'*4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n'),
        ('ZRANGE z 4 2 BYSCORE REV WITHSCORES', b'*6\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n'),
        ('ZRANGE z -inf +inf BYSCORE LIMIT 1 2', b'*2\r\n$1\r\nb\r\n$1\r\nc\r\n'),
        ('ZRANGE z -inf +inf BYSCORE LIMIT 1 -1', b'*4\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n'),
        ('ZRANGE z -inf +inf BYSCORE LIMIT -1 2', b'*0\r\n'),
        ('ZRANGE z -inf +inf BYSCORE LIMIT 5 2', b'*0\r\n'),
        ('ZRANGE z -inf +inf BYSCORE LIMIT 4 0', b'*0\r\n'),
        ('ZRANGE z +inf -inf BYSCORE REV LIMIT 1 2 WITHSCORES', b'*4\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\nc\r\n$1\r\n3\r\n'),
        ('ZRANGE z 2 4 BYSCORE BYSCORE', b'-ERR syntax error\r\n'),
        ('ZRANGE z 2 4 BYSCORE BYLEX', b'-ERR syntax error\r\n'),
        ('ZRANGE z x 4 BYSCORE', b'-ERR min or max is not a float\r\n'),
        ('ZRANGE z 1 2 BYSCORE LIMIT a 1', b'-ERR value is not an integer or out of range\r\n'),
        ('ZRANGE z 1 2 BYSCORE LIMIT 0', b'-ERR syntax error\r\n'),
        ('ZRANGE z 10 20 BYSCORE', b'*0\r\n'),
        ('ZRANGEBYSCORE z 2 4', b'*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
        ('ZRANGEBYSCORE z 2 4 WITHSCORES LIMIT 1 1', b'*2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
        ('ZRANGEBYSCORE z (1 (5', b'*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
        ('ZREVRANGEBYSCORE z 4 2', b'*3\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n'),
        ('ZREVRANGEBYSCORE z 2 4', b'*0\r\n'),
        ('ZREVRANGEBYSCORE z +inf -inf WITHSCORES LIMIT 0 2', b'*4\r\n$1\r\ne\r\n$1\r\n5\r\n$1\r\nd\r\n$1\r\n4\r\n'),
        ('ZRANGEBYSCORE z 2 4 REV', b'-ERR syntax error\r\n'),
        ('ZRANGEBYSCORE z 2 4 BYSCORE', b'-ERR syntax error\r\n'),
        ('ZRANGEBYSCORE z 2 4 LIMIT 1', b'-ERR syntax error\r\n'),
        ('ZRANGEBYSCORE z a b', b'-ERR min or max is not a float\r\n'),
        ('ZRANGEBYSCORE nokey 0 1', b'*0\r\n'),
        ('SET s v', b'+OK\r\n'),
        ('ZRANGEBYSCORE s 0 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
    ],
    'zrange_bylex': [
        ('ZADD z 0 a 0 b 0 c 0 d 0 e', b':5\r\n'),
        ('ZRANGE z [b [d BYLEX', b'*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
        ('ZRANGE z (b + BYLEX', b'*3\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n'),
        ('ZRANGE z + - BYLEX REV', b'*5\r\n$1\r\ne\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n'),
        ('ZRANGE z [d [b BYLEX REV LIMIT 1 5', b'*2\r\n$1\r\nc\r\n$1\r\nb\r\n'),
        ('ZRANGE z - + BYLEX LIMIT 2 2', b'*2\r\n$1\r\nc\r\n$1\r\nd\r\n'),
        ('ZRANGE z - + BYLEX WITHSCORES', b'-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n'),
        ('ZRANGE z b d BYLEX', b'-ERR min or max not valid string range item\r\n'),
        ('ZRANGEBYLEX z - +', b'*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n'),
        ('ZRANGEBYLEX z [c +', b'*3\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n'),
        ('ZRANGEBYLEX z - (c LIMIT 0 1', b'*1\r\n$1\r\na\r\n'),
        ('ZREVRANGEBYLEX z + -', b'*5\r\n$1\r\ne\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n'),
        ('ZREVRANGEBYLEX z (d [a LIMIT 1 10', b'*2\r\n$1\r\nb\r\n$1\r\na\r\n'),
        ('ZRANGEBYLEX z a b', b'-ERR min or max not valid string range item\r\n'),
        ('ZRANGEBYLEX z [a [b WITHSCORES', b'-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n'),
        ('ZRANGEBYLEX nokey - +', b'*0\r\n'),
        ('ZADD u 1 b 2 a 3 c', b':3\r\n'),
        ('ZRANGEBYLEX u [a [b', b'*2\r\n$1\r\nb\r\n$1\r\na\r\n'),
        ('ZRANGEBYLEX u - [b', b'*2\r\n$1\r\nb\r\n$1\r\na\r\n'),
        ('ZREVRANGEBYLEX u [b -', b'*2\r\n$1\r\na\r\n$1\r\nb\r\n'),
        ('SET s v', b'+OK\r\n'),
        ('ZRANGEBYLEX s - +', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
    ],
    'zrangestore': [
        ('ZADD z 1 a 2 b 3 c 4 d', b':4\r\n'),
        ('ZRANGESTORE dst z 0 -1', b':4\r\n'),
        ('ZRANGE dst 0 -1 WITHSCORES', b'*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n'),
        ('ZRANGESTORE dst z 1 2 REV', b':2\r\n'),
        ('ZRANGE dst 0 -1 WITHSCORES', b'*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
        ('ZRANGESTORE dst z 2 3 BYSCORE LIMIT 0 1', b':1\r\n'),
        ('ZRANGE dst 0 -1 WITHSCORES', b'*2\r\n$1\r\nb\r\n$1\r\n2\r\n'),
        ('ZRANGESTORE dst z [a [b BYLEX', b':2\r\n'),
        ('ZRANGE dst 0 -1', b'*2\r\n$1\r\na\r\n$1\r\nb\r\n'),
        ('ZRANGESTORE dst z 5 10', b':0\r\n'),
        ('EXISTS dst', b':0\r\n'),
        ('ZRANGESTORE dst z 0 -1', b':4\r\n'),
        ('ZRANGESTORE dst nokey 0 -1', b':0\r\n'),
        ('EXISTS dst', b':0\r\n'),
        ('ZRANGESTORE dst z 0 -1 WITHSCORES', b'-ERR syntax error\r\n'),
        ('ZRANGESTORE dst z 0', b"-ERR wrong number of arguments for 'zrangestore' command\r\n"),
        ('ZRANGESTORE z z 1 2', b':2\r\n'),
        ('ZRANGE z 0 -1 WITHSCORES', b'*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
        ('SET s v', b'+OK\r\n'),
        ('ZRANGESTORE dst s 0 -1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('ZRANGESTORE s z 0 -1', b':2\r\n'),
        ('TYPE s', b'+zset\r\n'),
    ],
    'zrem': [
        ('ZADD z 1 a 2 b 3 c', b':3\r\n'),
        ('ZREM z a', b':1\r\n'),
        ('ZREM z a', b':0\r\n'),
        ('ZREM z nope b', b':1\r\n'),
        ('ZRANGE z 0 -1', b'*1\r\n$1\r\nc\r\n'),
        ('ZREM z c x', b':1\r\n'),
        ('EXISTS z', b':0\r\n'),
        ('ZREM nokey a', b':0\r\n'),
        ('ZREM z', b"-ERR wrong number of arguments for 'zrem' command\r\n"),
        ('SET s v', b'+OK\r\n'),
        ('ZREM s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
    ],
    'zremrange': [
        ('ZADD z 1 a 2 b 3 c 4 d 5 e', b':5\r\n'),
        ('ZREMRANGEBYRANK z 0 0', b':1\r\n'),
        ('ZREMRANGEBYRANK z -1 -1', b':1\r\n'),
        ('ZRANGE z 0 -1', b'*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
        ('ZREMRANGEBYRANK z 5 10', b':0\r\n'),
        ('ZREMRANGEBYRANK z 2 1', b':0\r\n'),
        ('ZREMRANGEBYRANK z a 1', b'-ERR value is not an integer or out of range\r\n'),
        ('ZREMRANGEBYSCORE z (2 3', b':1\r\n'),
        ('ZRANGE z 0 -1', b'*2\r\n$1\r\nb\r\n$1\r\nd\r\n'),
        ('ZREMRANGEBYSCORE z x 1', b'-ERR min or max is not a float\r\n'),
        ('ZREMRANGEBYSCORE z 10 20', b':0\r\n'),
        ('ZREMRANGEBYSCORE z -inf +inf', b':2\r\n'),
        ('EXISTS z', b':0\r\n'),
        ('ZADD l 0 a 0 b 0 c 0 d', b':4\r\n'),
        ('ZREMRANGEBYLEX l [b (d', b':2\r\n'),
        ('ZRANGE l 0 -1', b'*2\r\n$1\r\na\r\n$1\r\nd\r\n'),
        ('ZREMRANGEBYLEX l a b', b'-ERR min or max not valid string range item\r\n'),
        ('ZREMRANGEBYLEX l - +', b':2\r\n'),
        ('EXISTS l', b':0\r\n'),
        ('ZREMRANGEBYRANK nokey 0 -1', b':0\r\n'),
        ('ZREMRANGEBYSCORE nokey 0 1', b':0\r\n'),
        ('ZREMRANGEBYLEX nokey - +', b':0\r\n'),
        ('ZREMRANGEBYRANK z 0', b"-ERR wrong number of arguments for 'zremrangebyrank' command\r\n"),
        ('SET s v', b'+OK\r\n'),
        ('ZREMRANGEBYRANK s 0 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('ZREMRANGEBYSCORE s 0 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('ZREMRANGEBYLEX s - +', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
    ],
    'zpop': [
        ('ZADD z 1 a 2 b 3 c 4 d 5 e', b':5\r\n'),
        ('ZPOPMIN z', b'*2\r\n$1\r\na\r\n$1\r\n1\r\n'),
        ('ZPOPMAX z', b'*2\r\n$1\r\ne\r\n$1\r\n5\r\n'),
        ('ZPOPMIN z 2', b'*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
        ('ZPOPMAX z 0', b'*0\r\n'),
        ('ZPOPMAX z 10', b'*2\r\n$1\r\nd\r\n$1\r\n4\r\n'),
        ('EXISTS z', b':0\r\n'),
        ('ZPOPMIN z', b'*0\r\n'),
        ('ZPOPMIN nokey 1', b'*0\r\n'),
        ('ZPOPMIN z -1', b'-ERR value is out of range, must be positive\r\n'),
        ('ZPOPMIN z x', b'-ERR value is out of range, must be positive\r\n'),
        ('ZPOPMIN z 1 2', b'-ERR syntax error\r\n'),
        ('SET s v', b'+OK\r\n'),
        ('ZPOPMIN s', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('ZPOPMAX s 2', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
    ],
    'zmpop': [
        ('ZADD z 1 a 2 b 3 c', b':3\r\n'),
        ('ZMPOP 1 z MIN', b'*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n'),
        ('ZMPOP 1 z MAX COUNT 10', b'*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n'),
        ('EXISTS z', b':0\r\n'),
        ('ZMPOP 2 nokey z MIN', b'*-1\r\n'),
        ('ZADD z2 1 x 2 y', b':2\r\n'),
        ('ZMPOP 2 nokey z2 max count 1', b'*2\r\n$2\r\nz2\r\n*1\r\n*2\r\n$1\r\ny\r\n$1\r\n2\r\n'),
        ('ZMPOP 0 z MIN', b'-ERR numkeys should be greater than 0\r\n'),
        ('ZMPOP -1 z MIN', b'-ERR numkeys should be greater than 0\r\n'),
        ('ZMPOP x z MIN', b'-ERR numkeys should be greater than 0\r\n'),
        ('ZMPOP 2 z MIN', b'-ERR syntax error\r\n'),
        ('ZMPOP 1 z FOO', b'-ERR syntax error\r\n'),
        ('ZMPOP 1 z MIN COUNT 0', b'-ERR count should be greater than 0\r\n'),
        ('ZMPOP 1 z MIN COUNT x', b'-ERR count should be greater than 0\r\n'),
        ('ZMPOP 1 z MIN COUNT 1 COUNT 1', b'-ERR syntax error\r\n'),
        ('ZMPOP 1 z MIN FOO', b'-ERR syntax error\r\n'),
        ('ZMPOP 1 z2 MIN COUNT', b'-ERR syntax error\r\n'),
        ('SET s v', b'+OK\r\n'),
        ('ZMPOP 2 s z2 MIN', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('ZMPOP 2 z2 s MIN', b'*2\r\n$2\r\nz2\r\n*1\r\n*2\r\n$1\r\nx\r\n$1\r\n1\r\n'),
    ],
    'zrandmember_fixed': [
        ('ZADD z 1 a', b':1\r\n'),
        ('ZRANDMEMBER z', b'$1\r\na\r\n'),
        ('ZRANDMEMBER z 1', b'*1\r\n$1\r\na\r\n'),
        ('ZRANDMEMBER z 5 WITHSCORES', b'*2\r\n$1\r\na\r\n$1\r\n1\r\n'),
        ('ZRANDMEMBER z -3 WITHSCORES', b'*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n1\r\n'),
        ('ZRANDMEMBER z 0', b'*0\r\n'),
        ('ZRANDMEMBER nokey', b'$-1\r\n'),
        ('ZRANDMEMBER nokey 3', b'*0\r\n'),
        ('ZRANDMEMBER z x', b'-ERR value is not an integer or out of range\r\n'),
        ('ZRANDMEMBER z 1 FOO', b'-ERR syntax error\r\n'),
        ('ZRANDMEMBER z 1 WITHSCORES x', b'-ERR syntax error\r\n'),
        ('ZRANDMEMBER z -9223372036854775808', b'-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n'),
        ('ZRANDMEMBER z 9223372036854775807 WITHSCORES', b'-ERR value is out of range\r\n'),
        ('ZRANDMEMBER z -4611686018427387904 WITHSCORES', b'-ERR value is out of range\r\n'),
        ('ZADD big 1 a 2 b 3 c', b':3\r\n'),
        ('ZRANDMEMBER big 3 WITHSCORES', b'*6\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n'),
        ('ZRANDMEMBER big 10', b'*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n'),
        ('SET s v', b'+OK\r\n'),
        ('ZRANDMEMBER s', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('ZRANDMEMBER s 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
    ],
    'zsetops': [
        ('ZADD a 1 x 2 y 3 z', b':3\r\n'),
        ('ZADD b 10 y 20 z 30 w', b':3\r\n'),
        ('ZUNION 2 a b', b'*4\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\nz\r\n$1\r\nw\r\n'),
        ('ZUNION 2 a b WITHSCORES', b'*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n30\r\n'),
        ('ZUNION 2 a b WEIGHTS 2 3 WITHSCORES', b'*8\r\n$1\r\nx\r\n$1\r\n2\r\n$1\r\ny\r\n$2\r\n34\r\n$1\r\nz\r\n$2\r\n66\r\n$1\r\nw\r\n$2\r\n90\r\n'),
        ('ZUNION 2 a b AGGREGATE MIN WITHSCORES', b'*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n$1\r\nw\r\n$2\r\n30\r\n'),
        ('ZUNION 2 a b AGGREGATE max WITHSCORES', b'*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n10\r\n$1\r\nz\r\n$2\r\n20\r\n$1\r\nw\r\n$2\r\n30\r\n'),
        ('ZINTER 2 a b WITHSCORES', b'*4\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n'),
        ('ZINTER 2 a b WEIGHTS 1 -1 AGGREGATE SUM WITHSCORES', b'*4\r\n$1\r\nz\r\n$3\r\n-17\r\n$1\r\ny\r\n$2\r\n-8\r\n'),
        ('ZINTER 2 a nokey', b'*0\r\n'),
        ('ZDIFF 2 a b WITHSCORES', b'*2\r\n$1\r\nx\r\n$1\r\n1\r\n'),
        ('ZDIFF 2 b a', b'*1\r\n$1\r\nw\r\n'),
        ('ZDIFF 1 a WITHSCORES', b'*6\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n'),
        ('ZDIFF 2 a a', b'*0\r\n'),
        ('ZUNION 3 a b nokey WITHSCORES', b'*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n30\r\n'),
        ('ZINTER 2 a a WEIGHTS 2 3 WITHSCORES', b'*6\r\n$1\r\nx\r\n$1\r\n5\r\n$1\r\ny\r\n$2\r\n10\r\n$1\r\nz\r\n$2\r\n15\r\n'),
        ('ZUNION 2 a a WITHSCORES', b'*6\r\n$1\r\nx\r\n$1\r\n2\r\n$1\r\ny\r\n$1\r\n4\r\n$1\r\nz\r\n$1\r\n6\r\n'),
        ('ZADD i 1 p 2 q', b':2\r\n'),
        ('ZADD j inf p -inf q', b':2\r\n'),
        ('ZADD k -inf p inf q', b':2\r\n'),
        ('ZUNION 2 j k WITHSCORES', b'*4\r\n$1\r\np\r\n$1\r\n0\r\n$1\r\nq\r\n$1\r\n0\r\n'),
        ('ZINTER 2 j k WITHSCORES', b'*4\r\n$1\r\np\r\n$1\r\n0\r\n$1\r\nq\r\n$1\r\n0\r\n'),
        ('ZUNION 2 i j WEIGHTS 0 0 WITHSCORES', b'*4\r\n$1\r\np\r\n$1\r\n0\r\n$1\r\nq\r\n$1\r\n0\r\n'),
        ('ZUNION 2 j k WEIGHTS 0 1 WITHSCORES', b'*4\r\n$1\r\np\r\n$4\r\n-inf\r\n$1\r\nq\r\n$3\r\ninf\r\n'),
        ('ZUNIONSTORE d 2 a b', b':4\r\n'),
        ('ZRANGE d 0 -1 WITHSCORES', b'*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n30\r\n'),
        ('ZINTERSTORE d 2 a b WEIGHTS 2 1', b':2\r\n'),
        ('ZRANGE d 0 -1 WITHSCORES', b'*4\r\n$1\r\ny\r\n$2\r\n14\r\n$1\r\nz\r\n$2\r\n26\r\n'),
        ('ZDIFFSTORE d 2 a b', b':1\r\n'),
        ('ZRANGE d 0 -1 WITHSCORES', b'*2\r\n$1\r\nx\r\n$1\r\n1\r\n'),
        ('ZINTERSTORE d 2 a nokey', b':0\r\n'),
        ('EXISTS d', b':0\r\n'),
        ('ZDIFFSTORE d 1 nokey', b':0\r\n'),
        ('ZUNIONSTORE a 2 a b', b':4\r\n'),
        ('ZRANGE a 0 -1 WITHSCORES', b'*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n30\r\n'),
    ],
    'zsetops_errors': [
        ('ZADD a 1 x', b':1\r\n'),
        ('ZUNION 0 a', b"-ERR at least 1 input key is needed for 'zunion' command\r\n"),
        ('ZINTER 0 a', b"-ERR at least 1 input key is needed for 'zinter' command\r\n"),
        ('ZDIFF 0 a', b"-ERR at least 1 input key is needed for 'zdiff' command\r\n"),
        ('ZUNIONSTORE d 0 a', b"-ERR at least 1 input key is needed for 'zunionstore' command\r\n"),
        ('ZINTERCARD 0 a', b"-ERR at least 1 input key is needed for 'zintercard' command\r\n"),
        ('ZUNION -1 a', b"-ERR at least 1 input key is needed for 'zunion' command\r\n"),
        ('ZUNION x a', b'-ERR value is not an integer or out of range\r\n'),
        ('ZUNION 2 a', b'-ERR syntax error\r\n'),
        ('ZUNION 1 a WEIGHTS', b'-ERR syntax error\r\n'),
        ('ZUNION 1 a WEIGHTS x', b'-ERR weight value is not a float\r\n'),
        ('ZUNION 1 a WEIGHTS 1 2', b'-ERR syntax error\r\n'),
        ('ZUNION 1 a AGGREGATE', b'-ERR syntax error\r\n'),
        ('ZUNION 1 a AGGREGATE avg', b'-ERR syntax error\r\n'),
        ('ZUNION 1 a FOO', b'-ERR syntax error\r\n'),
        ('ZDIFF 1 a WEIGHTS 1', b'-ERR syntax error\r\n'),
        ('ZDIFF 1 a AGGREGATE SUM', b'-ERR syntax error\r\n'),
        ('ZUNIONSTORE d 1 a WITHSCORES', b'-ERR syntax error\r\n'),
        ('ZINTERCARD 1 a WITHSCORES', b'-ERR syntax error\r\n'),
        ('ZINTERCARD 1 a LIMIT -1', b"-ERR LIMIT can't be negative\r\n"),
        ('ZINTERCARD 1 a LIMIT x', b"-ERR LIMIT can't be negative\r\n"),
        ('ZINTERCARD 1 a LIMIT', b'-ERR syntax error\r\n'),
        ('ZUNION 1 a WEIGHTS nan', b'-ERR weight value is not a float\r\n'),
        ('SET s v', b'+OK\r\n'),
        ('ZUNION 2 a s', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('ZINTERSTORE d 2 s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('ZUNIONSTORE', b"-ERR wrong number of arguments for 'zunionstore' command\r\n"),
        ('ZUNION 1', b"-ERR wrong number of arguments for 'zunion' command\r\n"),
    ],
    'zintercard': [
        ('ZADD a 1 x 2 y 3 z', b':3\r\n'),
        ('ZADD b 1 y 1 z 1 w', b':3\r\n'),
        ('ZINTERCARD 2 a b', b':2\r\n'),
        ('ZINTERCARD 2 a b LIMIT 1', b':1\r\n'),
        ('ZINTERCARD 2 a b LIMIT 0', b':2\r\n'),
        ('ZINTERCARD 2 a b LIMIT 10', b':2\r\n'),
        ('ZINTERCARD 1 a', b':3\r\n'),
        ('ZINTERCARD 2 a nokey', b':0\r\n'),
        ('ZINTERCARD 2 a', b'-ERR syntax error\r\n'),
    ],
    'zscan_small': [
        ('ZADD z 1 a 2.5 b 3 foo', b':3\r\n'),
        ('ZSCAN z 0', b'*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n$3\r\nfoo\r\n$1\r\n3\r\n'),
        ('ZSCAN z 0 MATCH f*', b'*2\r\n$1\r\n0\r\n*2\r\n$3\r\nfoo\r\n$1\r\n3\r\n'),
        ('ZSCAN z 0 COUNT 100', b'*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n$3\r\nfoo\r\n$1\r\n3\r\n'),
        ('ZSCAN z 0 MATCH *', b'*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n$3\r\nfoo\r\n$1\r\n3\r\n'),
        ('ZSCAN z 0 COUNT 0', b'-ERR syntax error\r\n'),
        ('ZSCAN z 0 COUNT x', b'-ERR value is not an integer or out of range\r\n'),
        ('ZSCAN z 0 FOO', b'-ERR syntax error\r\n'),
        ('ZSCAN z 0 MATCH', b'-ERR syntax error\r\n'),
        ('ZSCAN z x', b'-ERR invalid cursor\r\n'),
        ('ZSCAN z -1', b'*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n$3\r\nfoo\r\n$1\r\n3\r\n'),
        ('ZSCAN z " 1"', b'-ERR invalid cursor\r\n'),
        ('ZSCAN nokey 0', b'*2\r\n$1\r\n0\r\n*0\r\n'),
        ('ZSCAN nokey 0 FOO', b'*2\r\n$1\r\n0\r\n*0\r\n'),
        ('ZSCAN nokey x', b'-ERR invalid cursor\r\n'),
        ('SET s v', b'+OK\r\n'),
        ('ZSCAN s 0', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('ZSCAN s x', b'-ERR invalid cursor\r\n'),
        ('ZADD n 1e300 a -0 b 0.1 c inf d', b':4\r\n'),
        ('ZSCAN n 0', b'*2\r\n$1\r\n0\r\n*8\r\n$1\r\nb\r\n$1\r\n0\r\n$1\r\nc\r\n$19\r\n0.10000000000000001\r\n$1\r\na\r\n$23\r\n1.0000000000000001e+300\r\n$1\r\nd\r\n$3\r\ninf\r\n'),
    ],
    'leaderboard': [
        ('ZADD leaderboard 100 alice 85 bob 120 carol 95 dave', b':4\r\n'),
        ('ZINCRBY leaderboard 30 bob', b'$3\r\n115\r\n'),
        ('ZREVRANGE leaderboard 0 2 WITHSCORES', b'*6\r\n$5\r\ncarol\r\n$3\r\n120\r\n$3\r\nbob\r\n$3\r\n115\r\n$5\r\nalice\r\n$3\r\n100\r\n'),
        ('ZREVRANK leaderboard bob', b':1\r\n'),
        ('ZREVRANK leaderboard dave', b':3\r\n'),
        ('ZINCRBY leaderboard 5 eve', b'$1\r\n5\r\n'),
        ('ZREVRANGE leaderboard 0 -1', b'*5\r\n$5\r\ncarol\r\n$3\r\nbob\r\n$5\r\nalice\r\n$4\r\ndave\r\n$3\r\neve\r\n'),
        ('ZRANK leaderboard eve', b':0\r\n'),
        ('ZSCORE leaderboard bob', b'$3\r\n115\r\n'),
        ('ZCARD leaderboard', b':5\r\n'),
    ],
    'wrongtype_and_arity': [
        ('SET s v', b'+OK\r\n'),
        ('ZCARD', b"-ERR wrong number of arguments for 'zcard' command\r\n"),
        ('ZSCORE z', b"-ERR wrong number of arguments for 'zscore' command\r\n"),
        ('ZMSCORE z', b"-ERR wrong number of arguments for 'zmscore' command\r\n"),
        ('ZCOUNT z 1', b"-ERR wrong number of arguments for 'zcount' command\r\n"),
        ('ZLEXCOUNT z -', b"-ERR wrong number of arguments for 'zlexcount' command\r\n"),
        ('ZRANGE z 0', b"-ERR wrong number of arguments for 'zrange' command\r\n"),
        ('ZRANGESTORE d z 0', b"-ERR wrong number of arguments for 'zrangestore' command\r\n"),
        ('ZREVRANGE z 0', b"-ERR wrong number of arguments for 'zrevrange' command\r\n"),
        ('ZRANGEBYSCORE z 0', b"-ERR wrong number of arguments for 'zrangebyscore' command\r\n"),
        ('ZREVRANGEBYSCORE z 0', b"-ERR wrong number of arguments for 'zrevrangebyscore' command\r\n"),
        ('ZRANGEBYLEX z -', b"-ERR wrong number of arguments for 'zrangebylex' command\r\n"),
        ('ZREVRANGEBYLEX z +', b"-ERR wrong number of arguments for 'zrevrangebylex' command\r\n"),
        ('ZREM z', b"-ERR wrong number of arguments for 'zrem' command\r\n"),
        ('ZREMRANGEBYRANK z 0', b"-ERR wrong number of arguments for 'zremrangebyrank' command\r\n"),
        ('ZREMRANGEBYSCORE z 0', b"-ERR wrong number of arguments for 'zremrangebyscore' command\r\n"),
        ('ZREMRANGEBYLEX z -', b"-ERR wrong number of arguments for 'zremrangebylex' command\r\n"),
        ('ZPOPMIN', b"-ERR wrong number of arguments for 'zpopmin' command\r\n"),
        ('ZPOPMAX', b"-ERR wrong number of arguments for 'zpopmax' command\r\n"),
        ('ZMPOP 1 z', b"-ERR wrong number of arguments for 'zmpop' command\r\n"),
        ('ZRANDMEMBER', b"-ERR wrong number of arguments for 'zrandmember' command\r\n"),
        ('ZUNION 1', b"-ERR wrong number of arguments for 'zunion' command\r\n"),
        ('ZINTER 1', b"-ERR wrong number of arguments for 'zinter' command\r\n"),
        ('ZDIFF 1', b"-ERR wrong number of arguments for 'zdiff' command\r\n"),
        ('ZUNIONSTORE d 1', b"-ERR wrong number of arguments for 'zunionstore' command\r\n"),
        ('ZINTERSTORE d 1', b"-ERR wrong number of arguments for 'zinterstore' command\r\n"),
        ('ZDIFFSTORE d 1', b"-ERR wrong number of arguments for 'zdiffstore' command\r\n"),
        ('ZINTERCARD 1', b"-ERR wrong number of arguments for 'zintercard' command\r\n"),
        ('ZSCAN z', b"-ERR wrong number of arguments for 'zscan' command\r\n"),
        ('ZINCRBY z 1', b"-ERR wrong number of arguments for 'zincrby' command\r\n"),
    ],
    'resp3_replies': [
        ('ZADD z 1 a 2.5 b inf c', b':3\r\n'),
        ('ZSCORE z b', b',2.5\r\n'),
        ('ZSCORE z c', b',inf\r\n'),
        ('ZSCORE z nope', b'_\r\n'),
        ('ZMSCORE z a nope c', b'*3\r\n,1\r\n_\r\n,inf\r\n'),
        ('ZRANGE z 0 -1 WITHSCORES', b'*3\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n*2\r\n$1\r\nc\r\n,inf\r\n'),
        ('ZRANGE z 0 -1', b'*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n'),
        ('ZRANGEBYSCORE z -inf +inf WITHSCORES', b'*3\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n*2\r\n$1\r\nc\r\n,inf\r\n'),
        ('ZREVRANGE z 0 0 WITHSCORES', b'*1\r\n*2\r\n$1\r\nc\r\n,inf\r\n'),
        ('ZINCRBY z 1 a', b',2\r\n'),
        ('ZADD z INCR 1 a', b',3\r\n'),
        ('ZADD z INCR XX 1 nope', b'_\r\n'),
        ('ZRANK z nope', b'_\r\n'),
        ('ZUNION 1 z WITHSCORES', b'*3\r\n*2\r\n$1\r\nb\r\n,2.5\r\n*2\r\n$1\r\na\r\n,3\r\n*2\r\n$1\r\nc\r\n,inf\r\n'),
        ('ZINTER 1 z WITHSCORES', b'*3\r\n*2\r\n$1\r\nb\r\n,2.5\r\n*2\r\n$1\r\na\r\n,3\r\n*2\r\n$1\r\nc\r\n,inf\r\n'),
        ('ZDIFF 1 z WITHSCORES', b'*3\r\n*2\r\n$1\r\nb\r\n,2.5\r\n*2\r\n$1\r\na\r\n,3\r\n*2\r\n$1\r\nc\r\n,inf\r\n'),
        ('ZRANDMEMBER z 5 WITHSCORES', b'*3\r\n*2\r\n$1\r\nc\r\n,inf\r\n*2\r\n$1\r\na\r\n,3\r\n*2\r\n$1\r\nb\r\n,2.5\r\n'),
        ('ZPOPMIN z', b'*2\r\n$1\r\nb\r\n,2.5\r\n'),
        ('ZPOPMIN z 1', b'*1\r\n*2\r\n$1\r\na\r\n,3\r\n'),
        ('ZPOPMAX z 5', b'*1\r\n*2\r\n$1\r\nc\r\n,inf\r\n'),
        ('ZPOPMIN z', b'*0\r\n'),
        ('ZMPOP 1 z MIN', b'_\r\n'),
        ('ZRANDMEMBER z', b'_\r\n'),
        ('ZRANDMEMBER z 1', b'*0\r\n'),
        ('ZADD z 1 a', b':1\r\n'),
        ('ZMPOP 1 z MAX COUNT 3', b'*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n,1\r\n'),
        ('ZSCAN z 0', b'*2\r\n$1\r\n0\r\n*0\r\n'),
    ],
}



def run_script(server, name):
    from conftest import Raw
    c = Raw(server.port)
    try:
        c.call("FLUSHALL")
        if name.startswith("resp3_"):
            c.call("HELLO", "3")
        for line, want in CASES[name]:
            got = c.call(*shlex.split(line))
            assert got == want, f"{name}: {line}"
    finally:
        c.close()


@pytest.mark.parametrize("name", sorted(CASES))
def test_script(server, name):
    run_script(server, name)


# ---------------------------------------------------------------- encodings


def test_encoding_thresholds_default(r):
    r.zadd("z", {f"m{i}": i for i in range(128)})
    assert r.object("encoding", "z") == b"listpack"
    r.zadd("z", {"m128": 128})
    assert r.object("encoding", "z") == b"skiplist"
    assert r.zcard("z") == 129
    # removing members does not convert back
    r.zremrangebyrank("z", 0, 100)
    assert r.object("encoding", "z") == b"skiplist"
    # a long member converts at once
    r.zadd("v", {"x" * 64: 1})
    assert r.object("encoding", "v") == b"listpack"
    r.zadd("v", {"y" * 65: 2})
    assert r.object("encoding", "v") == b"skiplist"
    # a new key whose first member is too long starts as a skiplist
    r.zadd("w", {"y" * 65: 2, "a": 1})
    assert r.object("encoding", "w") == b"skiplist"
    assert r.zrange("w", 0, -1, withscores=True) == [(b"a", 1.0), (b"y" * 65, 2.0)]


def test_encoding_of_built_sets(r):
    r.zadd("big", {f"m{i}": i for i in range(200)})
    assert r.object("encoding", "big") == b"skiplist"
    # store commands pick the encoding from the result
    assert r.zrangestore("d", "big", 0, 9) == 10
    assert r.object("encoding", "d") == b"listpack"
    assert r.zrangestore("d", "big", 0, 150) == 151
    assert r.object("encoding", "d") == b"skiplist"
    assert r.zunionstore("u", ["big"]) == 200
    assert r.object("encoding", "u") == b"skiplist"
    r.zremrangebyrank("big", 10, -1)
    assert r.zunionstore("u", ["big"]) == 10
    assert r.object("encoding", "u") == b"listpack"
    assert r.zrange("u", 0, -1, withscores=True) == [(f"m{i}".encode(), float(i)) for i in range(10)]
    # COPY keeps the encoding
    r.zadd("big2", {f"m{i}": i for i in range(200)})
    assert r.copy("big2", "big3")
    assert r.object("encoding", "big3") == b"skiplist"
    assert r.zrange("big3", 0, -1) == r.zrange("big2", 0, -1)


def test_encoding_thresholds_configured(start_server):
    s = start_server("--zset-max-listpack-entries", "4", "--zset-max-listpack-value", "8")
    c = s.client()
    c.zadd("z", {"a": 1, "b": 2, "c": 3, "d": 4})
    assert c.object("encoding", "z") == b"listpack"
    c.zadd("z", {"e": 5})
    assert c.object("encoding", "z") == b"skiplist"
    c.zadd("v", {"12345678": 1})
    assert c.object("encoding", "v") == b"listpack"
    c.zadd("v", {"123456789": 1})
    assert c.object("encoding", "v") == b"skiplist"
    s0 = start_server("--zset-max-listpack-entries", "0")
    c0 = s0.client()
    c0.zadd("z", {"a": 1})
    assert c0.object("encoding", "z") == b"skiplist"
    assert c0.zrange("z", 0, -1, withscores=True) == [(b"a", 1.0)]


# ---------------------------------------------------------------- large sets against a model


class Model:
    def __init__(self):
        self.s = {}

    def ordered(self):
        return sorted(self.s.items(), key=lambda kv: (kv[1], kv[0]))


def check_model(r, key, m):
    want = m.ordered()
    got = r.zrange(key, 0, -1, withscores=True)
    assert got == want
    assert r.zcard(key) == len(want)


@pytest.mark.parametrize("seed", [1, 2])
def test_large_set_matches_model(r, seed):
    rnd = random.Random(seed)
    m = Model()
    members = [f"player:{i:013d}".encode() for i in range(3000)]
    for step in range(40):
        batch = {}
        for _ in range(200):
            batch[rnd.choice(members)] = float(rnd.choice([rnd.randint(0, 50), rnd.randint(-10**6, 10**6), rnd.random()]))
        r.zadd("lb", batch)
        m.s.update(batch)
        for mem in rnd.sample(members, 20):
            inc = rnd.choice([1, -2.5, 100])
            assert r.zincrby("lb", inc, mem) == m.s.get(mem, 0) + inc
            m.s[mem] = m.s.get(mem, 0) + inc
        gone = rnd.sample(members, 40)
        assert r.zrem("lb", *gone) == sum(1 for g in gone if g in m.s)
        for g in gone:
            m.s.pop(g, None)
        order = m.ordered()
        for mem in rnd.sample(members, 10):
            rank = next((i for i, kv in enumerate(order) if kv[0] == mem), None)
            assert r.zrank("lb", mem) == rank
            assert r.zrevrank("lb", mem) == (None if rank is None else len(order) - 1 - rank)
            assert r.zscore("lb", mem) == m.s.get(mem)
        lo, hi = sorted([rnd.randint(-10**6, 10**6), rnd.randint(-10**6, 10**6)])
        assert r.zcount("lb", lo, hi) == sum(1 for v in m.s.values() if lo <= v <= hi)
        inrange = [(k, v) for k, v in order if lo < v <= hi]
        assert r.zrangebyscore("lb", f"({lo}", hi, withscores=True) == inrange
        assert r.zrevrangebyscore("lb", hi, f"({lo}", start=1, num=5) == [k for k, _ in inrange[::-1][1:6]]
        a, b = rnd.randint(0, len(order)), rnd.randint(0, len(order))
        assert r.zrange("lb", a, b) == [k for k, _ in order[a:b + 1]]
        assert r.zrevrange("lb", a, b) == [k for k, _ in order[::-1][a:b + 1]]
    assert r.object("encoding", "lb") == b"skiplist"
    check_model(r, "lb", m)
    # pops from both ends
    order = m.ordered()
    assert r.zpopmin("lb", 5) == order[:5]
    assert r.zpopmax("lb", 5) == order[::-1][:5]
    for k, _ in order[:5] + order[-5:]:
        del m.s[k]
    # range deletions
    order = m.ordered()
    assert r.zremrangebyrank("lb", 10, 109) == 100
    for k, _ in order[10:110]:
        del m.s[k]
    lo = sorted(m.s.values())[len(m.s) // 3]
    hi = sorted(m.s.values())[len(m.s) // 2]
    n = sum(1 for v in m.s.values() if lo <= v <= hi)
    assert r.zremrangebyscore("lb", lo, hi) == n
    m.s = {k: v for k, v in m.s.items() if not lo <= v <= hi}
    check_model(r, "lb", m)


def test_empty_member_in_large_set(r):
    r.zadd("z", {"": 0, **{f"m{i}": i + 1 for i in range(200)}})
    assert r.object("encoding", "z") == b"skiplist"
    assert r.zrange("z", 0, 1, withscores=True) == [(b"", 0.0), (b"m0", 1.0)]
    assert r.zscore("z", "") == 0.0
    assert r.zrank("z", "") == 0
    assert r.zrangebylex("z", "-", "(m", ) == [b""]
    assert r.zrem("z", "") == 1
    assert r.zscore("z", "") is None


def test_large_lex_ranges(r):
    words = sorted({f"w{random.Random(3).randint(0, 10**6) + i * 7919:08d}".encode() for i in range(1000)})
    r.zadd("lex", {w: 0 for w in words})
    assert r.object("encoding", "lex") == b"skiplist"
    lo, hi = words[100], words[400]
    assert r.zrangebylex("lex", b"[" + lo, b"(" + hi) == words[100:400]
    assert r.zlexcount("lex", b"(" + lo, b"[" + hi) == 300
    assert r.zrevrangebylex("lex", b"[" + hi, b"-", start=3, num=4) == words[:401][::-1][3:7]
    assert r.zrangebylex("lex", b"-", b"+", start=990, num=100) == words[990:]
    assert r.zremrangebylex("lex", b"[" + lo, b"[" + hi) == 301
    assert r.zrange("lex", 0, -1) == words[:100] + words[401:]


def test_large_set_ops(r):
    a = {f"m{i}": i for i in range(0, 600, 2)}
    b = {f"m{i}": 10 * i for i in range(0, 600, 3)}
    r.zadd("a", a)
    r.zadd("b", b)
    union = dict(a)
    for k, v in b.items():
        union[k] = union.get(k, 0) + v
    want = sorted(((k.encode(), float(v)) for k, v in union.items()), key=lambda kv: (kv[1], kv[0]))
    assert r.zunion(["a", "b"], withscores=True) == want
    inter = {k: max(a[k], b[k]) for k in a if k in b}
    want = sorted(((k.encode(), float(v)) for k, v in inter.items()), key=lambda kv: (kv[1], kv[0]))
    assert r.zinter(["a", "b"], aggregate="MAX", withscores=True) == want
    assert r.zintercard(2, ["a", "b"]) == len(inter)
    diff = {k: v for k, v in a.items() if k not in b}
    assert r.zdiffstore("d", ["a", "b"]) == len(diff)
    assert r.zrange("d", 0, -1, withscores=True) == sorted(((k.encode(), float(v)) for k, v in diff.items()),
                                                            key=lambda kv: (kv[1], kv[0]))
    assert r.object("encoding", "d") == b"skiplist"


# ---------------------------------------------------------------- ZSCAN and ZRANDMEMBER


def zscan_all(r, key, **kw):
    seen = {}
    cursor = 0
    while True:
        cursor, items = r.zscan(key, cursor, **kw)
        for k, v in items:
            seen[k] = v
        if cursor == 0:
            return seen


def test_zscan_large_returns_everything(r):
    want = {f"m{i}".encode(): float(i % 37) for i in range(2000)}
    r.zadd("z", want)
    assert zscan_all(r, "z", count=50) == want
    assert zscan_all(r, "z", match="m1*") == {k: v for k, v in want.items() if k.startswith(b"m1")}


def test_zscan_survives_deletions(r):
    r.zadd("z", {f"m{i}": i for i in range(1000)})
    cursor, items = r.zscan("z", 0, count=100)
    seen = {k for k, _ in items}
    assert cursor != 0
    r.zremrangebyrank("z", 0, 600)  # delete mostly what was already returned
    while cursor != 0:
        cursor, items = r.zscan("z", cursor, count=100)
        seen.update(k for k, _ in items)
    assert {f"m{i}".encode() for i in range(601, 1000)} <= seen


def test_zscan_equal_scores_in_small_steps(r):
    # a lexicographic index (every score 0) is scanned COUNT at a time
    r.zadd("lex", {f"w{i:05d}": 0 for i in range(3000)})
    seen, cursor, calls = set(), 0, 0
    while True:
        cursor, items = r.zscan("lex", cursor, count=100)
        assert len(items) <= 100
        seen.update(k for k, _ in items)
        calls += 1
        if cursor == 0:
            break
    assert calls >= 30
    assert seen == {f"w{i:05d}".encode() for i in range(3000)}


def test_zscan_cursor_outlives_its_anchor(r):
    # after thousands of other scans the cursor's anchor is gone: the scan
    # resumes from the cursor's score bound, may repeat, but misses nothing
    r.zadd("z", {f"m{i:04d}": i // 100 for i in range(1000)})
    r.zadd("other", {f"o{i}": i for i in range(200)})
    cursor, items = r.zscan("z", 0, count=250)
    seen = {k for k, _ in items}
    assert cursor != 0
    for _ in range(4200):
        r.zscan("other", 0, count=1)
    while cursor != 0:
        cursor, items = r.zscan("z", cursor, count=250)
        seen.update(k for k, _ in items)
    assert seen == {f"m{i:04d}".encode() for i in range(1000)}


def test_zscan_scores_formatting(r):
    for j in range(200):
        r.zadd("z", {str(j): 9.8813129168249309e-323})
    _, items = r.zscan("z", 0)
    assert items[0][1] != 0
    assert items[0][1] == 9.8813129168249309e-323


@pytest.mark.parametrize("size", [10, 300])
def test_zrandmember(r, size):
    r.zadd("z", {f"m{i}": i for i in range(size)})
    members = {f"m{i}".encode() for i in range(size)}
    assert r.zrandmember("z") in members
    for count in (1, 3, size // 2, size - 1):
        got = r.zrandmember("z", count)
        assert len(got) == count and len(set(got)) == count and set(got) <= members
    got = r.zrandmember("z", -size * 3)
    assert len(got) == size * 3 and set(got) <= members
    pairs = r.zrandmember("z", 5, withscores=True)
    for k, v in zip(pairs[::2], pairs[1::2]):
        assert float(v) == float(k[1:].decode())
    # the whole set comes back from the top when the count covers it
    assert r.zrandmember("z", size + 5) == [f"m{i}".encode() for i in range(size - 1, -1, -1)]
    seen = set()
    for _ in range(60):
        seen.update(r.zrandmember("z", -5))
    assert len(seen) > min(size, 60) // 2


def test_blob_entry_moves_keep_ttl_free_and_values(r):
    # a listpack lives inside the key's entry: growing it must keep the other keys intact
    for i in range(50):
        r.set(f"s{i}", "x" * i)
        r.zadd("z", {f"m{i}" * 3: i})
    assert r.zcard("z") == 50
    assert all(r.get(f"s{i}") == b"x" * i for i in range(50))
    assert r.zscore("z", "m7m7m7") == 7.0
