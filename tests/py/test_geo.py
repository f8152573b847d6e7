"""Geo commands against Mnemo.

CASES hold the exact reply bytes Redis 7.0.15 gave for each script (recorded
from redis-server), so scores, coordinates, geohashes and distances are
checked digit for digit. The San Jose script is the seed's example: GEOADD
some Bay Area cities and GEOSEARCH around San Jose with WITHDIST.
"""
import random
import shlex

import pytest

CASES = {
    'geoadd': [
        ('GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania', b':2\r\n'),
        ('ZRANGE g 0 -1 WITHSCORES', b'*4\r\n$7\r\nPalermo\r\n$16\r\n3479099956230698\r\n$7\r\nCatania\r\n$16\r\n3479447370796909\r\n'),
        ('GEOADD g 13.361389 38.115556 Palermo', b':0\r\n'),
        ('GEOADD g CH 13.361390 38.115556 Palermo', b':0\r\n'),
        ('GEOADD g NX 1 1 Palermo 2 2 x', b':1\r\n'),
        ('GEOADD g XX 3 3 x 4 4 y', b':0\r\n'),
        ('GEOADD g XX CH 5 5 x', b':1\r\n'),
        ('GEOADD g CH NX 6 6 z 7 7 x', b':1\r\n'),
        ('ZRANGE g 0 -1 WITHSCORES', b'*8\r\n$1\r\nx\r\n$16\r\n3379881761160527\r\n$1\r\nz\r\n$16\r\n3384374155690770\r\n$7\r\nPalermo\r\n$16\r\n3479099956230698\r\n$7\r\nCatania\r\n$16\r\n3479447370796909\r\n'),
        ('GEOADD g NX XX 1 1 a', b'-ERR syntax error\r\n'),
        ('GEOADD g 1 1', b"-ERR wrong number of arguments for 'geoadd' command\r\n"),
        ('GEOADD g 1 1 a 2', b'-ERR syntax error\r\n'),
        ('GEOADD g 181 0 a', b'-ERR invalid longitude,latitude pair 181.000000,0.000000\r\n'),
        ('GEOADD g -180.1 0 a', b'-ERR invalid longitude,latitude pair -180.100000,0.000000\r\n'),
        ('GEOADD g 0 85.06 a', b'-ERR invalid longitude,latitude pair 0.000000,85.060000\r\n'),
        ('GEOADD g 0 -85.06 a', b'-ERR invalid longitude,latitude pair 0.000000,-85.060000\r\n'),
        ('GEOADD g 180 85.05112878 edge', b':1\r\n'),
        ('GEOADD g x 1 a', b'-ERR value is not a valid float\r\n'),
        ('GEOADD g 1 y a', b'-ERR value is not a valid float\r\n'),
        ('GEOADD g GT 1 1 a', b'-ERR syntax error\r\n'),
        ('GEOADD g CH CH CH', b'-ERR syntax error\r\n'),
        ('GEOADD g 1 1 a 200 1 b', b'-ERR invalid longitude,latitude pair 200.000000,1.000000\r\n'),
        ('ZCARD g', b':5\r\n'),
        ('GEOADD g', b"-ERR wrong number of arguments for 'geoadd' command\r\n"),
        ('SET s v', b'+OK\r\n'),
        ('GEOADD s 1 1 a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
    ],
    'geopos_geohash_geodist': [
        ('GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania -0.1278 51.5074 London 0 0 origin', b':4\r\n'),
        ('GEOPOS g Palermo Catania London origin nope', b'*5\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n*2\r\n$20\r\n-0.12779921293258667\r\n$20\r\n51.50740077990133159\r\n*2\r\n$19\r\n0.00000268220901489\r\n$19\r\n0.00000126736058093\r\n*-1\r\n'),
        ('GEOPOS g', b'*0\r\n'),
        ('GEOPOS nokey a b', b'*2\r\n*-1\r\n*-1\r\n'),
        ('GEOHASH g Palermo Catania London origin nope', b'*5\r\n$11\r\nsqc8b49rny0\r\n$11\r\nsqdtr74hyu0\r\n$11\r\ngcpvj0duq50\r\n$11\r\ns0000000000\r\n$-1\r\n'),
        ('GEOHASH g', b'*0\r\n'),
        ('GEOHASH nokey a', b'*1\r\n$-1\r\n'),
        ('GEODIST g Palermo Catania', b'$11\r\n166274.1516\r\n'),
        ('GEODIST g Palermo Catania km', b'$8\r\n166.2742\r\n'),
        ('GEODIST g Palermo Catania MI', b'$8\r\n103.3182\r\n'),
        ('GEODIST g Palermo Catania ft', b'$11\r\n545518.8700\r\n'),
        ('GEODIST g Palermo Catania m', b'$11\r\n166274.1516\r\n'),
        ('GEODIST g Palermo Palermo', b'$6\r\n0.0000\r\n'),
        ('GEODIST g Palermo nope', b'$-1\r\n'),
        ('GEODIST nokey a b', b'$-1\r\n'),
        ('GEODIST g Palermo Catania yards', b'-ERR unsupported unit provided. please use M, KM, FT, MI\r\n'),
        ('GEODIST g Palermo Catania km x', b'-ERR syntax error\r\n'),
        ('GEODIST g London origin km', b'$9\r\n5728.9901\r\n'),
        ('ZADD g 1e300 odd -5 neg', b':2\r\n'),
        ('GEOPOS g odd neg', b'*2\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112751263942528\r\n*2\r\n$3\r\n180\r\n$19\r\n85.0511287799999991\r\n'),
        ('GEOHASH g neg', b'*1\r\n$11\r\nbp05b5048p0\r\n'),
        ('SET s v', b'+OK\r\n'),
        ('GEOPOS s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('GEOHASH s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('GEODIST s a b', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('GEODIST s a b yards', b'-ERR unsupported unit provided. please use M, KM, FT, MI\r\n'),
    ],
    'geosearch_sanjose': [
        ('GEOADD bay -121.8863 37.3382 "San Jose" -121.9552 37.3541 "Santa Clara" -122.0322 37.3688 Sunnyvale -122.1430 37.4419 "Palo Alto" -122.4194 37.7749 "San Francisco" -121.8947 37.6688 Pleasanton -121.6555 37.1305 "Morgan Hill"', b':7\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121.8863 37.3382 BYRADIUS 30 km WITHDIST ASC', b'*4\r\n*2\r\n$8\r\nSan Jose\r\n$6\r\n0.0002\r\n*2\r\n$11\r\nSanta Clara\r\n$6\r\n6.3441\r\n*2\r\n$9\r\nSunnyvale\r\n$7\r\n13.3410\r\n*2\r\n$9\r\nPalo Alto\r\n$7\r\n25.4489\r\n'),
        ('GEOSEARCH bay FROMMEMBER "San Jose" BYRADIUS 50 km WITHDIST ASC', b'*6\r\n*2\r\n$8\r\nSan Jose\r\n$6\r\n0.0000\r\n*2\r\n$11\r\nSanta Clara\r\n$6\r\n6.3439\r\n*2\r\n$9\r\nSunnyvale\r\n$7\r\n13.3408\r\n*2\r\n$9\r\nPalo Alto\r\n$7\r\n25.4487\r\n*2\r\n$11\r\nMorgan Hill\r\n$7\r\n30.8453\r\n*2\r\n$10\r\nPleasanton\r\n$7\r\n36.7787\r\n'),
        ('GEOSEARCH bay FROMMEMBER "San Jose" BYRADIUS 80 km WITHDIST WITHCOORD WITHHASH DESC', b'*7\r\n*4\r\n$13\r\nSan Francisco\r\n$7\r\n67.5930\r\n:1367859919124626\r\n*2\r\n$22\r\n-122.41940170526504517\r\n$20\r\n37.77490001056577995\r\n*4\r\n$10\r\nPleasanton\r\n$7\r\n36.7787\r\n:1367957555755681\r\n*2\r\n$22\r\n-121.89470261335372925\r\n$20\r\n37.66879911755700761\r\n*4\r\n$11\r\nMorgan Hill\r\n$7\r\n30.8453\r\n:1365008960408799\r\n*2\r\n$22\r\n-121.65549784898757935\r\n$20\r\n37.13050038494819916\r\n*4\r\n$9\r\nPalo Alto\r\n$7\r\n25.4487\r\n:1367936717113785\r\n*2\r\n$22\r\n-122.14300006628036499\r\n$20\r\n37.44190101825763151\r\n*4\r\n$9\r\nSunnyvale\r\n$7\r\n13.3408\r\n:1367934150178547\r\n*2\r\n$22\r\n-122.03219801187515259\r\n$20\r\n37.36879966002229025\r\n*4\r\n$11\r\nSanta Clara\r\n$6\r\n6.3439\r\n:1367939900815548\r\n*2\r\n$22\r\n-121.95520251989364624\r\n$20\r\n37.35410081201928989\r\n*4\r\n$8\r\nSan Jose\r\n$6\r\n0.0000\r\n:1367940384641689\r\n*2\r\n$22\r\n-121.88630193471908569\r\n$20\r\n37.33820050618675168\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121.8863 37.3382 BYRADIUS 20 mi WITHDIST ASC COUNT 3', b'*3\r\n*2\r\n$8\r\nSan Jose\r\n$6\r\n0.0001\r\n*2\r\n$11\r\nSanta Clara\r\n$6\r\n3.9420\r\n*2\r\n$9\r\nSunnyvale\r\n$6\r\n8.2897\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121.8863 37.3382 BYRADIUS 100 km COUNT 2 ANY', b'*2\r\n$13\r\nSan Francisco\r\n$9\r\nSunnyvale\r\n'),
        ('GEOSEARCH bay FROMMEMBER "San Jose" BYBOX 60 40 km WITHDIST ASC', b'*4\r\n*2\r\n$8\r\nSan Jose\r\n$6\r\n0.0000\r\n*2\r\n$11\r\nSanta Clara\r\n$6\r\n6.3439\r\n*2\r\n$9\r\nSunnyvale\r\n$7\r\n13.3408\r\n*2\r\n$9\r\nPalo Alto\r\n$7\r\n25.4487\r\n'),
        ('GEOSEARCH bay FROMMEMBER "San Jose" BYBOX 100000 100000 ft WITHCOORD ASC', b'*3\r\n*2\r\n$8\r\nSan Jose\r\n*2\r\n$22\r\n-121.88630193471908569\r\n$20\r\n37.33820050618675168\r\n*2\r\n$11\r\nSanta Clara\r\n*2\r\n$22\r\n-121.95520251989364624\r\n$20\r\n37.35410081201928989\r\n*2\r\n$9\r\nSunnyvale\r\n*2\r\n$22\r\n-122.03219801187515259\r\n$20\r\n37.36879966002229025\r\n'),
        ('GEOSEARCH bay FROMLONLAT -122.2 37.5 BYRADIUS 25000 m WITHDIST ASC', b'*2\r\n*2\r\n$9\r\nPalo Alto\r\n$9\r\n8190.0849\r\n*2\r\n$9\r\nSunnyvale\r\n$10\r\n20798.7937\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121.8863 37.3382 BYRADIUS 0 km WITHDIST', b'*0\r\n'),
        ('GEOSEARCH bay FROMLONLAT 0 0 BYRADIUS 10 km', b'*0\r\n'),
    ],
    'geosearch_errors': [
        ('GEOADD bay -121.8863 37.3382 "San Jose" -121.9552 37.3541 "Santa Clara" -122.0322 37.3688 Sunnyvale -122.1430 37.4419 "Palo Alto" -122.4194 37.7749 "San Francisco" -121.8947 37.6688 Pleasanton -121.6555 37.1305 "Morgan Hill"', b':7\r\n'),
        ('GEOSEARCH bay FROMLONLAT 200 37 BYRADIUS 1 km', b'-ERR invalid longitude,latitude pair 200.000000,37.000000\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121 90 BYRADIUS 1 km', b'-ERR invalid longitude,latitude pair -121.000000,90.000000\r\n'),
        ('GEOSEARCH bay FROMLONLAT x 37 BYRADIUS 1 km', b'-ERR value is not a valid float\r\n'),
        ('GEOSEARCH bay FROMMEMBER nope BYRADIUS 1 km', b'-ERR could not decode requested zset member\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121 37 BYRADIUS -1 km', b'-ERR radius cannot be negative\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121 37 BYRADIUS x km', b'-ERR need numeric radius\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121 37 BYRADIUS 1 parsec', b'-ERR unsupported unit provided. please use M, KM, FT, MI\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121 37 BYBOX 1 -1 km', b'-ERR height or width cannot be negative\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121 37 BYBOX x 1 km', b'-ERR need numeric width\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121 37 BYBOX 1 x km', b'-ERR need numeric height\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121 37 BYBOX 1 1 parsec', b'-ERR unsupported unit provided. please use M, KM, FT, MI\r\n'),
        ('GEOSEARCH bay BYRADIUS 10 km ASC', b"-ERR wrong number of arguments for 'geosearch' command\r\n"),
        ('GEOSEARCH bay FROMLONLAT -121 37 COUNT 3 ASC', b'-ERR exactly one of BYRADIUS and BYBOX can be specified for GEOSEARCH\r\n'),
        ('geosearch bay FROMLONLAT -121 37 ASC WITHDIST', b'-ERR exactly one of BYRADIUS and BYBOX can be specified for geosearch\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121 37 BYRADIUS 10 km ANY', b'-ERR the ANY argument requires COUNT argument\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121 37 BYRADIUS 10 km COUNT 0', b'-ERR COUNT must be > 0\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121 37 BYRADIUS 10 km COUNT -2', b'-ERR COUNT must be > 0\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121 37 BYRADIUS 10 km COUNT x', b'-ERR value is not an integer or out of range\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121 37 BYRADIUS 10 km STORE x', b'-ERR syntax error\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121 37 BYRADIUS 10 km STOREDIST', b'-ERR syntax error\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121 37 FROMMEMBER x BYRADIUS 10 km', b'-ERR syntax error\r\n'),
        ('GEOSEARCH bay FROMMEMBER "San Jose" FROMLONLAT 1 1 BYRADIUS 10 km', b'-ERR syntax error\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121 37 BYRADIUS 10 km BYBOX 1 1 km', b'-ERR syntax error\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121 37 BYRADIUS 10 km FOO', b'-ERR syntax error\r\n'),
        ('GEOSEARCH bay FROMLONLAT -121 37 BYRADIUS 10', b'-ERR syntax error\r\n'),
        ('GEOSEARCH nokey FROMLONLAT -121 37 BYRADIUS 10 km', b'*0\r\n'),
        ('GEOSEARCH nokey FROMMEMBER x BYRADIUS 10 km', b'*0\r\n'),
        ('GEOSEARCH nokey FROMMEMBER x BYRADIUS 10 km ANY', b'-ERR the ANY argument requires COUNT argument\r\n'),
        ('SET s v', b'+OK\r\n'),
        ('GEOSEARCH s FROMLONLAT 200 37 BYRADIUS 1 km', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('GEOSEARCH bay', b"-ERR wrong number of arguments for 'geosearch' command\r\n"),
        ('GEOSEARCH bay FROMLONLAT 1 2 BYRADIUS', b"-ERR wrong number of arguments for 'geosearch' command\r\n"),
    ],
    'geosearchstore': [
        ('GEOADD bay -121.8863 37.3382 "San Jose" -121.9552 37.3541 "Santa Clara" -122.0322 37.3688 Sunnyvale -122.1430 37.4419 "Palo Alto" -122.4194 37.7749 "San Francisco" -121.8947 37.6688 Pleasanton -121.6555 37.1305 "Morgan Hill"', b':7\r\n'),
        ('GEOSEARCHSTORE dst bay FROMMEMBER "San Jose" BYRADIUS 50 km', b':6\r\n'),
        ('ZRANGE dst 0 -1 WITHSCORES', b'*12\r\n$11\r\nMorgan Hill\r\n$16\r\n1365008960408799\r\n$9\r\nSunnyvale\r\n$16\r\n1367934150178547\r\n$9\r\nPalo Alto\r\n$16\r\n1367936717113785\r\n$11\r\nSanta Clara\r\n$16\r\n1367939900815548\r\n$8\r\nSan Jose\r\n$16\r\n1367940384641689\r\n$10\r\nPleasanton\r\n$16\r\n1367957555755681\r\n'),
        ('GEOSEARCHSTORE dst bay FROMMEMBER "San Jose" BYRADIUS 50 km STOREDIST ASC COUNT 3', b':3\r\n'),
        ('ZRANGE dst 0 -1 WITHSCORES', b'*6\r\n$8\r\nSan Jose\r\n$1\r\n0\r\n$11\r\nSanta Clara\r\n$18\r\n6.3439112644600195\r\n$9\r\nSunnyvale\r\n$18\r\n13.340777412709329\r\n'),
        ('GEOSEARCHSTORE dst bay FROMMEMBER "San Jose" BYBOX 50 50 mi STOREDIST', b':6\r\n'),
        ('ZRANGE dst 0 -1 WITHSCORES', b'*12\r\n$8\r\nSan Jose\r\n$1\r\n0\r\n$11\r\nSanta Clara\r\n$18\r\n3.9419335034610583\r\n$9\r\nSunnyvale\r\n$18\r\n8.2895953699711242\r\n$9\r\nPalo Alto\r\n$18\r\n15.813149461896918\r\n$11\r\nMorgan Hill\r\n$18\r\n19.166425404372628\r\n$10\r\nPleasanton\r\n$18\r\n22.853300632377298\r\n'),
        ('GEOSEARCHSTORE dst bay FROMLONLAT 0 0 BYRADIUS 1 km', b':0\r\n'),
        ('EXISTS dst', b':0\r\n'),
        ('GEOSEARCHSTORE dst bay FROMLONLAT 0 0 BYRADIUS 1 km WITHDIST', b'-ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options\r\n'),
        ('GEOSEARCHSTORE dst bay FROMLONLAT 0 0 BYRADIUS 1 km STORE x', b'-ERR syntax error\r\n'),
        ('GEOSEARCHSTORE dst nokey FROMLONLAT 0 0 BYRADIUS 1 km', b':0\r\n'),
        ('SET s v', b'+OK\r\n'),
        ('GEOSEARCHSTORE dst s FROMLONLAT 0 0 BYRADIUS 1 km', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('GEOSEARCHSTORE s bay FROMMEMBER "San Jose" BYRADIUS 1 km', b':1\r\n'),
        ('TYPE s', b'+zset\r\n'),
    ],
    'georadius': [
        ('GEOADD bay -121.8863 37.3382 "San Jose" -121.9552 37.3541 "Santa Clara" -122.0322 37.3688 Sunnyvale -122.1430 37.4419 "Palo Alto" -122.4194 37.7749 "San Francisco" -121.8947 37.6688 Pleasanton -121.6555 37.1305 "Morgan Hill"', b':7\r\n'),
        ('GEORADIUS bay -121.8863 37.3382 30 km WITHDIST', b'*4\r\n*2\r\n$9\r\nSunnyvale\r\n$7\r\n13.3410\r\n*2\r\n$9\r\nPalo Alto\r\n$7\r\n25.4489\r\n*2\r\n$11\r\nSanta Clara\r\n$6\r\n6.3441\r\n*2\r\n$8\r\nSan Jose\r\n$6\r\n0.0002\r\n'),
        ('GEORADIUS bay -121.8863 37.3382 30 km WITHDIST ASC WITHCOORD WITHHASH', b'*4\r\n*4\r\n$8\r\nSan Jose\r\n$6\r\n0.0002\r\n:1367940384641689\r\n*2\r\n$22\r\n-121.88630193471908569\r\n$20\r\n37.33820050618675168\r\n*4\r\n$11\r\nSanta Clara\r\n$6\r\n6.3441\r\n:1367939900815548\r\n*2\r\n$22\r\n-121.95520251989364624\r\n$20\r\n37.35410081201928989\r\n*4\r\n$9\r\nSunnyvale\r\n$7\r\n13.3410\r\n:1367934150178547\r\n*2\r\n$22\r\n-122.03219801187515259\r\n$20\r\n37.36879966002229025\r\n*4\r\n$9\r\nPalo Alto\r\n$7\r\n25.4489\r\n:1367936717113785\r\n*2\r\n$22\r\n-122.14300006628036499\r\n$20\r\n37.44190101825763151\r\n'),
        ('GEORADIUS bay -121.8863 37.3382 50 km COUNT 2', b'*2\r\n$8\r\nSan Jose\r\n$11\r\nSanta Clara\r\n'),
        ('GEORADIUS bay -121.8863 37.3382 50 km COUNT 2 DESC', b'*2\r\n$10\r\nPleasanton\r\n$11\r\nMorgan Hill\r\n'),
        ('GEORADIUS bay -121.8863 37.3382 50 km STORE r1', b':6\r\n'),
        ('ZRANGE r1 0 -1 WITHSCORES', b'*12\r\n$11\r\nMorgan Hill\r\n$16\r\n1365008960408799\r\n$9\r\nSunnyvale\r\n$16\r\n1367934150178547\r\n$9\r\nPalo Alto\r\n$16\r\n1367936717113785\r\n$11\r\nSanta Clara\r\n$16\r\n1367939900815548\r\n$8\r\nSan Jose\r\n$16\r\n1367940384641689\r\n$10\r\nPleasanton\r\n$16\r\n1367957555755681\r\n'),
        ('GEORADIUS bay -121.8863 37.3382 50 km STOREDIST r2 ASC', b':6\r\n'),
        ('ZRANGE r2 0 -1 WITHSCORES', b'*12\r\n$8\r\nSan Jose\r\n$21\r\n0.0001801177339985098\r\n$11\r\nSanta Clara\r\n$18\r\n6.3440912717350262\r\n$9\r\nSunnyvale\r\n$18\r\n13.340957215240151\r\n$9\r\nPalo Alto\r\n$18\r\n25.448911945540775\r\n$11\r\nMorgan Hill\r\n$18\r\n30.845139413129697\r\n$10\r\nPleasanton\r\n$18\r\n36.778790570639529\r\n'),
        ('GEORADIUS bay -121.8863 37.3382 50 km STORE r1 WITHDIST', b'-ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options\r\n'),
        ('GEORADIUS bay -121.8863 37.3382 50 km STORE', b'-ERR syntax error\r\n'),
        ('GEORADIUS bay 200 37 50 km', b'-ERR invalid longitude,latitude pair 200.000000,37.000000\r\n'),
        ('GEORADIUS bay -121 37 -1 km', b'-ERR radius cannot be negative\r\n'),
        ('GEORADIUS bay -121 37 1 foo', b'-ERR unsupported unit provided. please use M, KM, FT, MI\r\n'),
        ('GEORADIUS bay -121 37 1 km FROMLONLAT 1 2', b'-ERR syntax error\r\n'),
        ('GEORADIUS nokey -121 37 1 km', b'*0\r\n'),
        ('GEORADIUS nokey -121 37 1 km STORE r1', b':0\r\n'),
        ('EXISTS r1', b':0\r\n'),
        ('GEORADIUSBYMEMBER bay "San Jose" 20 km WITHDIST ASC', b'*3\r\n*2\r\n$8\r\nSan Jose\r\n$6\r\n0.0000\r\n*2\r\n$11\r\nSanta Clara\r\n$6\r\n6.3439\r\n*2\r\n$9\r\nSunnyvale\r\n$7\r\n13.3408\r\n'),
        ('GEORADIUSBYMEMBER bay nope 20 km', b'-ERR could not decode requested zset member\r\n'),
        ('GEORADIUSBYMEMBER bay "San Jose" x km', b'-ERR need numeric radius\r\n'),
        ('GEORADIUSBYMEMBER nokey nope 20 km', b'*0\r\n'),
        ('GEORADIUSBYMEMBER nokey nope 20 km STORE r2', b':0\r\n'),
        ('GEORADIUSBYMEMBER nokey nope x km FOO', b'-ERR syntax error\r\n'),
        ('EXISTS r2', b':0\r\n'),
        ('GEORADIUS_RO bay -121.8863 37.3382 30 km WITHDIST ASC', b'*4\r\n*2\r\n$8\r\nSan Jose\r\n$6\r\n0.0002\r\n*2\r\n$11\r\nSanta Clara\r\n$6\r\n6.3441\r\n*2\r\n$9\r\nSunnyvale\r\n$7\r\n13.3410\r\n*2\r\n$9\r\nPalo Alto\r\n$7\r\n25.4489\r\n'),
        ('GEORADIUS_RO bay -121.8863 37.3382 30 km STORE x', b'-ERR syntax error\r\n'),
        ('GEORADIUSBYMEMBER_RO bay "Palo Alto" 15 km WITHDIST ASC', b'*2\r\n*2\r\n$9\r\nPalo Alto\r\n$6\r\n0.0000\r\n*2\r\n$9\r\nSunnyvale\r\n$7\r\n12.7259\r\n'),
        ('GEORADIUSBYMEMBER_RO bay "Palo Alto" 15 km STOREDIST x', b'-ERR syntax error\r\n'),
        ('SET s v', b'+OK\r\n'),
        ('GEORADIUS s 0 0 1 km', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('GEORADIUSBYMEMBER s a 1 km', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
    ],
    'geo_world': [
        ('GEOADD w 0 0 a 179.9 0 b -179.9 0 c 0 85 d 0 -85 e 90 45 f -90 -45 g 180 0 h -180 0 i', b':9\r\n'),
        ('GEORADIUS w 0 0 20000 km WITHDIST ASC', b'*5\r\n*2\r\n$1\r\na\r\n$6\r\n0.0003\r\n*2\r\n$1\r\nd\r\n$9\r\n9454.2355\r\n*2\r\n$1\r\ne\r\n$9\r\n9454.2355\r\n*2\r\n$1\r\ng\r\n$10\r\n10010.3668\r\n*2\r\n$1\r\nf\r\n$10\r\n10010.3672\r\n'),
        ('GEORADIUS w 0 0 5000 km WITHDIST', b'*1\r\n*2\r\n$1\r\na\r\n$6\r\n0.0003\r\n'),
        ('GEOSEARCH w FROMLONLAT 180 0 BYBOX 400 400 km WITHDIST ASC', b'*2\r\n*2\r\n$1\r\nh\r\n$6\r\n0.0001\r\n*2\r\n$1\r\nb\r\n$7\r\n11.1227\r\n'),
        ('GEOSEARCH w FROMLONLAT 0 85 BYRADIUS 500 km WITHDIST', b'*1\r\n*2\r\n$1\r\nd\r\n$6\r\n0.0000\r\n'),
        ('GEOSEARCH w FROMLONLAT 0 -85 BYBOX 100 100 km', b'*1\r\n$1\r\ne\r\n'),
        ('GEOPOS w a b c d e f g h i', b'*9\r\n*2\r\n$19\r\n0.00000268220901489\r\n$19\r\n0.00000126736058093\r\n*2\r\n$21\r\n179.89999920129776001\r\n$19\r\n0.00000126736058093\r\n*2\r\n$22\r\n-179.89999920129776001\r\n$19\r\n0.00000126736058093\r\n*2\r\n$19\r\n0.00000268220901489\r\n$20\r\n84.99999965213439168\r\n*2\r\n$19\r\n0.00000268220901489\r\n$21\r\n-84.99999965213439168\r\n*2\r\n$20\r\n90.00000268220901489\r\n$20\r\n45.00000100864581043\r\n*2\r\n$21\r\n-89.99999731779098511\r\n$21\r\n-45.00000100864581043\r\n*2\r\n$3\r\n180\r\n$19\r\n0.00000126736058093\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$19\r\n0.00000126736058093\r\n'),
        ('GEOHASH w a b c d e f g h i', b'*9\r\n$11\r\ns0000000000\r\n$11\r\nxbpbj8p0jb0\r\n$11\r\n8000420b400\r\n$11\r\nup0581b0bh0\r\n$11\r\nh0bh2n0p050\r\n$11\r\ny0000000000\r\n$11\r\n4pbpbpbpbp0\r\n$11\r\n80000000000\r\n$11\r\n80000000000\r\n'),
        ('GEODIST w b c km', b'$7\r\n22.2454\r\n'),
        ('GEODIST w h i', b'$6\r\n0.2983\r\n'),
        ('GEODIST w d e mi', b'$10\r\n11749.2083\r\n'),
    ],
    'resp3_geo': [
        ('GEOADD bay -121.8863 37.3382 "San Jose" -121.9552 37.3541 "Santa Clara" -122.0322 37.3688 Sunnyvale -122.1430 37.4419 "Palo Alto" -122.4194 37.7749 "San Francisco" -121.8947 37.6688 Pleasanton -121.6555 37.1305 "Morgan Hill"', b':7\r\n'),
        ('GEOPOS bay "San Jose" nope', b'*2\r\n*2\r\n,-121.88630193471908569\r\n,37.33820050618675168\r\n_\r\n'),
        ('GEOSEARCH bay FROMMEMBER "San Jose" BYRADIUS 20 km WITHDIST WITHCOORD WITHHASH ASC', b'*3\r\n*4\r\n$8\r\nSan Jose\r\n$6\r\n0.0000\r\n:1367940384641689\r\n*2\r\n,-121.88630193471908569\r\n,37.33820050618675168\r\n*4\r\n$11\r\nSanta Clara\r\n$6\r\n6.3439\r\n:1367939900815548\r\n*2\r\n,-121.95520251989364624\r\n,37.35410081201928989\r\n*4\r\n$9\r\nSunnyvale\r\n$7\r\n13.3408\r\n:1367934150178547\r\n*2\r\n,-122.03219801187515259\r\n,37.36879966002229025\r\n'),
        ('GEODIST bay "San Jose" Sunnyvale', b'$10\r\n13340.7774\r\n'),
        ('GEODIST bay a b', b'_\r\n'),
        ('GEOHASH bay nope', b'*1\r\n_\r\n'),
    ],
}



@pytest.mark.parametrize("name", sorted(CASES))
def test_script(server, name):
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


def test_search_on_large_index_is_exact(r):
    # a tree-encoded index: every search result must be exactly the members
    # within the radius, as computed from GEOPOS and GEODIST
    rnd = random.Random(7)
    pts = {f"p{i}": (rnd.uniform(-122.6, -121.4), rnd.uniform(36.9, 37.9)) for i in range(1500)}
    args = []
    for k, (lon, lat) in pts.items():
        args += [lon, lat, k]
    r.geoadd("g", args)
    assert r.object("encoding", "g") == b"skiplist"
    for _ in range(20):
        center = rnd.choice(list(pts))
        radius = rnd.choice([1, 5, 15])
        got = r.geosearch("g", member=center, radius=radius, unit="km", withdist=True, sort="ASC")
        dists = [float(d) for _, d in got]
        assert dists == sorted(dists)
        names = {n.decode() for n, _ in got}
        for n, d in got:
            assert float(d) <= radius
            assert abs(float(r.geodist("g", center, n, "km")) - float(d)) < 1e-3
        # a point just outside is not returned
        assert center in names
