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
    'zsetops_with_sets': [
        ('SADD s1 a b c 1 2', b':5\r\n'),
        ('SADD s2 b c d', b':3\r\n'),
        ('ZADD z 5 a 6 b 7 x', b':3\r\n'),
        ('ZUNION 2 s1 z WITHSCORES', b'*12\r\n$1\r\n1\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n6\r\n$1\r\nb\r\n$1\r\n7\r\n$1\r\nx\r\n$1\r\n7\r\n'),
        ('ZINTER 2 s1 z WITHSCORES', b'*4\r\n$1\r\na\r\n$1\r\n6\r\n$1\r\nb\r\n$1\r\n7\r\n'),
        ('ZINTER 3 s1 s2 z WEIGHTS 1 2 3 WITHSCORES', b'*2\r\n$1\r\nb\r\n$2\r\n21\r\n'),
        ('ZDIFF 2 s1 z WITHSCORES', b'*6\r\n$1\r\n1\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n1\r\n'),
        ('ZDIFF 2 z s2 WITHSCORES', b'*4\r\n$1\r\na\r\n$1\r\n5\r\n$1\r\nx\r\n$1\r\n7\r\n'),
        ('ZUNIONSTORE d 2 s1 s2 AGGREGATE MAX', b':6\r\n'),
        ('ZRANGE d 0 -1 WITHSCORES', b'*12\r\n$1\r\n1\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n1\r\n$1\r\nd\r\n$1\r\n1\r\n'),
        ('ZINTERCARD 2 s1 z', b':2\r\n'),
        ('ZINTERCARD 2 s1 s2 LIMIT 1', b':1\r\n'),
        ('ZINTERSTORE d 2 s1 s1 WEIGHTS 2 3', b':5\r\n'),
        ('ZRANGE d 0 -1 WITHSCORES', b'*10\r\n$1\r\n1\r\n$1\r\n5\r\n$1\r\n2\r\n$1\r\n5\r\n$1\r\na\r\n$1\r\n5\r\n$1\r\nb\r\n$1\r\n5\r\n$1\r\nc\r\n$1\r\n5\r\n'),
        ('SADD big 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95 96 97 98 99 100 101 102 103 104 105 106 107 108 109 110 111 112 113 114 115 116 117 118 119 120 121 122 123 124 125 126 127 128 129 130 131 132 133 134 135 136 137 138 139 140 141 142 143 144 145 146 147 148 149 150 151 152 153 154 155 156 157 158 159 160 161 162 163 164 165 166 167 168 169 170 171 172 173 174 175 176 177 178 179 180 181 182 183 184 185 186 187 188 189 190 191 192 193 194 195 196 197 198 199 200 201 202 203 204 205 206 207 208 209 210 211 212 213 214 215 216 217 218 219 220 221 222 223 224 225 226 227 228 229 230 231 232 233 234 235 236 237 238 239 240 241 242 243 244 245 246 247 248 249 250 251 252 253 254 255 256 257 258 259 260 261 262 263 264 265 266 267 268 269 270 271 272 273 274 275 276 277 278 279 280 281 282 283 284 285 286 287 288 289 290 291 292 293 294 295 296 297 298 299 300 301 302 303 304 305 306 307 308 309 310 311 312 313 314 315 316 317 318 319 320 321 322 323 324 325 326 327 328 329 330 331 332 333 334 335 336 337 338 339 340 341 342 343 344 345 346 347 348 349 350 351 352 353 354 355 356 357 358 359 360 361 362 363 364 365 366 367 368 369 370 371 372 373 374 375 376 377 378 379 380 381 382 383 384 385 386 387 388 389 390 391 392 393 394 395 396 397 398 399 400 401 402 403 404 405 406 407 408 409 410 411 412 413 414 415 416 417 418 419 420 421 422 423 424 425 426 427 428 429 430 431 432 433 434 435 436 437 438 439 440 441 442 443 444 445 446 447 448 449 450 451 452 453 454 455 456 457 458 459 460 461 462 463 464 465 466 467 468 469 470 471 472 473 474 475 476 477 478 479 480 481 482 483 484 485 486 487 488 489 490 491 492 493 494 495 496 497 498 499 500 501 502 503 504 505 506 507 508 509 510 511 512 513 514 515 516 517 518 519 520 521 522 523 524 525 526 527 528 529 530 531 532 533 534 535 536 537 538 539 540 541 542 543 544 545 546 547 548 549 550 551 552 553 554 555 556 557 558 559 560 561 562 563 564 565 566 567 568 569 570 571 572 573 574 575 576 577 578 579 580 581 582 583 584 585 586 587 588 589 590 591 592 593 594 595 596 597 598 599', b':600\r\n'),
        ('ZADD zb 0 0 3 3 6 6 9 9 12 12 15 15 18 18 21 21 24 24 27 27 30 30 33 33 36 36 39 39 42 42 45 45 48 48 51 51 54 54 57 57 60 60 63 63 66 66 69 69 72 72 75 75 78 78 81 81 84 84 87 87 90 90 93 93 96 96 99 99 102 102 105 105 108 108 111 111 114 114 117 117 120 120 123 123 126 126 129 129 132 132 135 135 138 138 141 141 144 144 147 147 150 150 153 153 156 156 159 159 162 162 165 165 168 168 171 171 174 174 177 177 180 180 183 183 186 186 189 189 192 192 195 195 198 198 201 201 204 204 207 207 210 210 213 213 216 216 219 219 222 222 225 225 228 228 231 231 234 234 237 237 240 240 243 243 246 246 249 249 252 252 255 255 258 258 261 261 264 264 267 267 270 270 273 273 276 276 279 279 282 282 285 285 288 288 291 291 294 294 297 297 300 300 303 303 306 306 309 309 312 312 315 315 318 318 321 321 324 324 327 327 330 330 333 333 336 336 339 339 342 342 345 345 348 348 351 351 354 354 357 357 360 360 363 363 366 366 369 369 372 372 375 375 378 378 381 381 384 384 387 387 390 390 393 393 396 396 399 399 402 402 405 405 408 408 411 411 414 414 417 417 420 420 423 423 426 426 429 429 432 432 435 435 438 438 441 441 444 444 447 447 450 450 453 453 456 456 459 459 462 462 465 465 468 468 471 471 474 474 477 477 480 480 483 483 486 486 489 489 492 492 495 495 498 498 501 501 504 504 507 507 510 510 513 513 516 516 519 519 522 522 525 525 528 528 531 531 534 534 537 537 540 540 543 543 546 546 549 549 552 552 555 555 558 558 561 561 564 564 567 567 570 570 573 573 576 576 579 579 582 582 585 585 588 588 591 591 594 594 597 597 600 600 603 603 606 606 609 609 612 612 615 615 618 618 621 621 624 624 627 627 630 630 633 633 636 636 639 639 642 642 645 645 648 648 651 651 654 654 657 657 660 660 663 663 666 666 669 669 672 672 675 675 678 678 681 681 684 684 687 687 690 690 693 693 696 696 699 699 702 702 705 705 708 708 711 711 714 714 717 717 720 720 723 723 726 726 729 729 732 732 735 735 738 738 741 741 744 744 747 747 750 750 753 753 756 756 759 759 762 762 765 765 768 768 771 771 774 774 777 777 780 780 783 783 786 786 789 789 792 792 795 795 798 798 801 801 804 804 807 807 810 810 813 813 816 816 819 819 822 822 825 825 828 828 831 831 834 834 837 837 840 840 843 843 846 846 849 849 852 852 855 855 858 858 861 861 864 864 867 867 870 870 873 873 876 876 879 879 882 882 885 885 888 888 891 891 894 894 897 897 900 900 903 903 906 906 909 909 912 912 915 915 918 918 921 921 924 924 927 927 930 930 933 933 936 936 939 939 942 942 945 945 948 948 951 951 954 954 957 957 960 960 963 963 966 966 969 969 972 972 975 975 978 978 981 981 984 984 987 987 990 990 993 993 996 996 999 999 1002 1002 1005 1005 1008 1008 1011 1011 1014 1014 1017 1017 1020 1020 1023 1023 1026 1026 1029 1029 1032 1032 1035 1035 1038 1038 1041 1041 1044 1044 1047 1047 1050 1050 1053 1053 1056 1056 1059 1059 1062 1062 1065 1065 1068 1068 1071 1071 1074 1074 1077 1077 1080 1080 1083 1083 1086 1086 1089 1089 1092 1092 1095 1095 1098 1098 1101 1101 1104 1104 1107 1107 1110 1110 1113 1113 1116 1116 1119 1119 1122 1122 1125 1125 1128 1128 1131 1131 1134 1134 1137 1137 1140 1140 1143 1143 1146 1146 1149 1149 1152 1152 1155 1155 1158 1158 1161 1161 1164 1164 1167 1167 1170 1170 1173 1173 1176 1176 1179 1179 1182 1182 1185 1185 1188 1188 1191 1191 1194 1194 1197 1197', b':400\r\n'),
        ('ZINTERCARD 2 big zb', b':200\r\n'),
        ('ZUNIONSTORE d 2 big zb', b':800\r\n'),
        ('ZCARD d', b':800\r\n'),
        ('ZRANGE d 0 9 WITHSCORES', b'*20\r\n$1\r\n0\r\n$1\r\n1\r\n$1\r\n1\r\n$1\r\n1\r\n$2\r\n10\r\n$1\r\n1\r\n$3\r\n100\r\n$1\r\n1\r\n$3\r\n101\r\n$1\r\n1\r\n$3\r\n103\r\n$1\r\n1\r\n$3\r\n104\r\n$1\r\n1\r\n$3\r\n106\r\n$1\r\n1\r\n$3\r\n107\r\n$1\r\n1\r\n$3\r\n109\r\n$1\r\n1\r\n'),
        ('ZDIFFSTORE d 2 big zb', b':400\r\n'),
        ('ZCARD d', b':400\r\n'),
        ('ZINTER 2 zb big WITHSCORES', b'*400\r\n$1\r\n0\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n6\r\n$1\r\n7\r\n$1\r\n9\r\n$2\r\n10\r\n$2\r\n12\r\n$2\r\n13\r\n$2\r\n15\r\n$2\r\n16\r\n$2\r\n18\r\n$2\r\n19\r\n$2\r\n21\r\n$2\r\n22\r\n$2\r\n24\r\n$2\r\n25\r\n$2\r\n27\r\n$2\r\n28\r\n$2\r\n30\r\n$2\r\n31\r\n$2\r\n33\r\n$2\r\n34\r\n$2\r\n36\r\n$2\r\n37\r\n$2\r\n39\r\n$2\r\n40\r\n$2\r\n42\r\n$2\r\n43\r\n$2\r\n45\r\n$2\r\n46\r\n$2\r\n48\r\n$2\r\n49\r\n$2\r\n51\r\n$2\r\n52\r\n$2\r\n54\r\n$2\r\n55\r\n$2\r\n57\r\n$2\r\n58\r\n$2\r\n60\r\n$2\r\n61\r\n$2\r\n63\r\n$2\r\n64\r\n$2\r\n66\r\n$2\r\n67\r\n$2\r\n69\r\n$2\r\n70\r\n$2\r\n72\r\n$2\r\n73\r\n$2\r\n75\r\n$2\r\n76\r\n$2\r\n78\r\n$2\r\n79\r\n$2\r\n81\r\n$2\r\n82\r\n$2\r\n84\r\n$2\r\n85\r\n$2\r\n87\r\n$2\r\n88\r\n$2\r\n90\r\n$2\r\n91\r\n$2\r\n93\r\n$2\r\n94\r\n$2\r\n96\r\n$2\r\n97\r\n$2\r\n99\r\n$3\r\n100\r\n$3\r\n102\r\n$3\r\n103\r\n$3\r\n105\r\n$3\r\n106\r\n$3\r\n108\r\n$3\r\n109\r\n$3\r\n111\r\n$3\r\n112\r\n$3\r\n114\r\n$3\r\n115\r\n$3\r\n117\r\n$3\r\n118\r\n$3\r\n120\r\n$3\r\n121\r\n$3\r\n123\r\n$3\r\n124\r\n$3\r\n126\r\n$3\r\n127\r\n$3\r\n129\r\n$3\r\n130\r\n$3\r\n132\r\n$3\r\n133\r\n$3\r\n135\r\n$3\r\n136\r\n$3\r\n138\r\n$3\r\n139\r\n$3\r\n141\r\n$3\r\n142\r\n$3\r\n144\r\n$3\r\n145\r\n$3\r\n147\r\n$3\r\n148\r\n$3\r\n150\r\n$3\r\n151\r\n$3\r\n153\r\n$3\r\n154\r\n$3\r\n156\r\n$3\r\n157\r\n$3\r\n159\r\n$3\r\n160\r\n$3\r\n162\r\n$3\r\n163\r\n$3\r\n165\r\n$3\r\n166\r\n$3\r\n168\r\n$3\r\n169\r\n$3\r\n171\r\n$3\r\n172\r\n$3\r\n174\r\n$3\r\n175\r\n$3\r\n177\r\n$3\r\n178\r\n$3\r\n180\r\n$3\r\n181\r\n$3\r\n183\r\n$3\r\n184\r\n$3\r\n186\r\n$3\r\n187\r\n$3\r\n189\r\n$3\r\n190\r\n$3\r\n192\r\n$3\r\n193\r\n$3\r\n195\r\n$3\r\n196\r\n$3\r\n198\r\n$3\r\n199\r\n$3\r\n201\r\n$3\r\n202\r\n$3\r\n204\r\n$3\r\n205\r\n$3\r\n207\r\n$3\r\n208\r\n$3\r\n210\r\n$3\r\n211\r\n$3\r\n213\r\n$3\r\n214\r\n$3\r\n216\r\n$3\r\n217\r\n$3\r\n219\r\n$3\r\n220\r\n$3\r\n222\r\n$3\r\n223\r\n$3\r\n225\r\n$3\r\n226\r\n$3\r\n228\r\n$3\r\n229\r\n$3\r\n231\r\n$3\r\n232\r\n$3\r\n234\r\n$3\r\n235\r\n$3\r\n237\r\n$3\r\n238\r\n$3\r\n240\r\n$3\r\n241\r\n$3\r\n243\r\n$3\r\n244\r\n$3\r\n246\r\n$3\r\n247\r\n$3\r\n249\r\n$3\r\n250\r\n$3\r\n252\r\n$3\r\n253\r\n$3\r\n255\r\n$3\r\n256\r\n$3\r\n258\r\n$3\r\n259\r\n$3\r\n261\r\n$3\r\n262\r\n$3\r\n264\r\n$3\r\n265\r\n$3\r\n267\r\n$3\r\n268\r\n$3\r\n270\r\n$3\r\n271\r\n$3\r\n273\r\n$3\r\n274\r\n$3\r\n276\r\n$3\r\n277\r\n$3\r\n279\r\n$3\r\n280\r\n$3\r\n282\r\n$3\r\n283\r\n$3\r\n285\r\n$3\r\n286\r\n$3\r\n288\r\n$3\r\n289\r\n$3\r\n291\r\n$3\r\n292\r\n$3\r\n294\r\n$3\r\n295\r\n$3\r\n297\r\n$3\r\n298\r\n$3\r\n300\r\n$3\r\n301\r\n$3\r\n303\r\n$3\r\n304\r\n$3\r\n306\r\n$3\r\n307\r\n$3\r\n309\r\n$3\r\n310\r\n$3\r\n312\r\n$3\r\n313\r\n$3\r\n315\r\n$3\r\n316\r\n$3\r\n318\r\n$3\r\n319\r\n$3\r\n321\r\n$3\r\n322\r\n$3\r\n324\r\n$3\r\n325\r\n$3\r\n327\r\n$3\r\n328\r\n$3\r\n330\r\n$3\r\n331\r\n$3\r\n333\r\n$3\r\n334\r\n$3\r\n336\r\n$3\r\n337\r\n$3\r\n339\r\n$3\r\n340\r\n$3\r\n342\r\n$3\r\n343\r\n$3\r\n345\r\n$3\r\n346\r\n$3\r\n348\r\n$3\r\n349\r\n$3\r\n351\r\n$3\r\n352\r\n$3\r\n354\r\n$3\r\n355\r\n$3\r\n357\r\n$3\r\n358\r\n$3\r\n360\r\n$3\r\n361\r\n$3\r\n363\r\n$3\r\n364\r\n$3\r\n366\r\n$3\r\n367\r\n$3\r\n369\r\n$3\r\n370\r\n$3\r\n372\r\n$3\r\n373\r\n$3\r\n375\r\n$3\r\n376\r\n$3\r\n378\r\n$3\r\n379\r\n$3\r\n381\r\n$3\r\n382\r\n$3\r\n384\r\n$3\r\n385\r\n$3\r\n387\r\n$3\r\n388\r\n$3\r\n390\r\n$3\r\n391\r\n$3\r\n393\r\n$3\r\n394\r\n$3\r\n396\r\n$3\r\n397\r\n$3\r\n399\r\n$3\r\n400\r\n$3\r\n402\r\n$3\r\n403\r\n$3\r\n405\r\n$3\r\n406\r\n$3\r\n408\r\n$3\r\n409\r\n$3\r\n411\r\n$3\r\n412\r\n$3\r\n414\r\n$3\r\n415\r\n$3\r\n417\r\n$3\r\n418\r\n$3\r\n420\r\n$3\r\n421\r\n$3\r\n423\r\n$3\r\n424\r\n$3\r\n426\r\n$3\r\n427\r\n$3\r\n429\r\n$3\r\n430\r\n$3\r\n432\r\n$3\r\n433\r\n$3\r\n435\r\n$3\r\n436\r\n$3\r\n438\r\n$3\r\n439\r\n$3\r\n441\r\n$3\r\n442\r\n$3\r\n444\r\n$3\r\n445\r\n$3\r\n447\r\n$3\r\n448\r\n$3\r\n450\r\n$3\r\n451\r\n$3\r\n453\r\n$3\r\n454\r\n$3\r\n456\r\n$3\r\n457\r\n$3\r\n459\r\n$3\r\n460\r\n$3\r\n462\r\n$3\r\n463\r\n$3\r\n465\r\n$3\r\n466\r\n$3\r\n468\r\n$3\r\n469\r\n$3\r\n471\r\n$3\r\n472\r\n$3\r\n474\r\n$3\r\n475\r\n$3\r\n477\r\n$3\r\n478\r\n$3\r\n480\r\n$3\r\n481\r\n$3\r\n483\r\n$3\r\n484\r\n$3\r\n486\r\n$3\r\n487\r\n$3\r\n489\r\n$3\r\n490\r\n$3\r\n492\r\n$3\r\n493\r\n$3\r\n495\r\n$3\r\n496\r\n$3\r\n498\r\n$3\r\n499\r\n$3\r\n501\r\n$3\r\n502\r\n$3\r\n504\r\n$3\r\n505\r\n$3\r\n507\r\n$3\r\n508\r\n$3\r\n510\r\n$3\r\n511\r\n$3\r\n513\r\n$3\r\n514\r\n$3\r\n516\r\n$3\r\n517\r\n$3\r\n519\r\n$3\r\n520\r\n$3\r\n522\r\n$3\r\n523\r\n$3\r\n525\r\n$3\r\n526\r\n$3\r\n528\r\n$3\r\n529\r\n$3\r\n531\r\n$3\r\n532\r\n$3\r\n534\r\n$3\r\n535\r\n$3\r\n537\r\n$3\r\n538\r\n$3\r\n540\r\n$3\r\n541\r\n$3\r\n543\r\n$3\r\n544\r\n$3\r\n546\r\n$3\r\n547\r\n$3\r\n549\r\n$3\r\n550\r\n$3\r\n552\r\n$3\r\n553\r\n$3\r\n555\r\n$3\r\n556\r\n$3\r\n558\r\n$3\r\n559\r\n$3\r\n561\r\n$3\r\n562\r\n$3\r\n564\r\n$3\r\n565\r\n$3\r\n567\r\n$3\r\n568\r\n$3\r\n570\r\n$3\r\n571\r\n$3\r\n573\r\n$3\r\n574\r\n$3\r\n576\r\n$3\r\n577\r\n$3\r\n579\r\n$3\r\n580\r\n$3\r\n582\r\n$3\r\n583\r\n$3\r\n585\r\n$3\r\n586\r\n$3\r\n588\r\n$3\r\n589\r\n$3\r\n591\r\n$3\r\n592\r\n$3\r\n594\r\n$3\r\n595\r\n$3\r\n597\r\n$3\r\n598\r\n'),
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
