-- A tiny hand-made cost table for tests: round numbers so expected results can be computed by hand.
INSERT INTO cost_tables VALUES (1, 'testcpu-handmade', 'testcpu', 'test CPU', '2026-01-01T00:00:00Z', 'none', 'public', 'tests/sim/data/tiny_costs.sql', 'test');
INSERT INTO cost_tables VALUES (2, 'testgpu-handmade', 'testgpu', 'test GPU', '2026-01-01T00:00:00Z', 'none', 'public', 'tests/sim/data/tiny_costs.sql', 'test');
-- jpeg_decode: 10 ns per pixel (2 points, linear), spread +-20%
INSERT INTO cost_points (table_id, op, batch, input_pixels, input_bytes, output_bytes, mean_ns, min_ns, p50_ns, p90_ns, p99_ns, max_ns, samples, source) VALUES
 (1, 'jpeg_decode', 1, 100000, 20000, 300000, 1000000, 800000, 1000000, 1150000, 1190000, 1200000, 100, 'handmade'),
 (1, 'jpeg_decode', 1, 1000000, 200000, 3000000, 10000000, 8000000, 10000000, 11500000, 11900000, 12000000, 100, 'handmade');
-- resize: 1 ns per source pixel, deterministic
INSERT INTO cost_points (table_id, op, variant, batch, input_pixels, input_bytes, output_bytes, mean_ns, min_ns, p50_ns, p90_ns, p99_ns, max_ns, samples, source) VALUES
 (1, 'resize', 'bilinear', 1, 100000, 300000, 150528, 100000, 100000, 100000, 100000, 100000, 100000, 1, 'handmade'),
 (1, 'resize', 'bilinear', 1, 1000000, 3000000, 150528, 1000000, 1000000, 1000000, 1000000, 1000000, 1000000, 1, 'handmade');
INSERT INTO cost_points (table_id, op, batch, input_pixels, input_bytes, output_bytes, mean_ns, min_ns, p50_ns, p90_ns, p99_ns, max_ns, samples, source) VALUES
 (1, 'crop', 1, 65536, 196608, 150528, 20000, 20000, 20000, 20000, 20000, 20000, 1, 'handmade'),
 (1, 'normalize', 1, 50176, 150528, 602112, 100000, 100000, 100000, 100000, 100000, 100000, 1, 'handmade'),
 (1, 'postprocess', 1, 0, 4000, 4000, 50000, 50000, 50000, 50000, 50000, 50000, 1, 'handmade'),
 (1, 'infer', 1, 50176, 602112, 4000, 50000000, 50000000, 50000000, 50000000, 50000000, 50000000, 1, 'handmade');
UPDATE cost_points SET model = 'tinynet' WHERE op = 'infer';
-- GPU: inference 1 ms + 0.25 ms per item; GPU decode 1 ns per pixel + 50 us per call
INSERT INTO cost_points (table_id, op, model, precision, batch, input_pixels, input_bytes, output_bytes, mean_ns, min_ns, p50_ns, p90_ns, p99_ns, max_ns, samples, source) VALUES
 (2, 'infer', 'tinynet', 'fp16', 1, 50176, 301056, 4000, 1250000, 1250000, 1250000, 1250000, 1250000, 1250000, 1, 'handmade'),
 (2, 'infer', 'tinynet', 'fp16', 8, 50176, 301056, 4000, 3000000, 3000000, 3000000, 3000000, 3000000, 3000000, 1, 'handmade'),
 (2, 'infer', 'tinynet', 'fp16', 32, 50176, 301056, 4000, 9000000, 9000000, 9000000, 9000000, 9000000, 9000000, 1, 'handmade');
INSERT INTO cost_points (table_id, op, batch, input_pixels, input_bytes, output_bytes, mean_ns, min_ns, p50_ns, p90_ns, p99_ns, max_ns, samples, source) VALUES
 (2, 'jpeg_decode', 1, 100000, 20000, 300000, 150000, 150000, 150000, 150000, 150000, 150000, 1, 'handmade'),
 (2, 'jpeg_decode', 1, 1000000, 200000, 3000000, 1050000, 1050000, 1050000, 1050000, 1050000, 1050000, 1, 'handmade'),
 (2, 'resize', 1, 100000, 300000, 150528, 20000, 20000, 20000, 20000, 20000, 20000, 1, 'handmade'),
 (2, 'normalize', 1, 50176, 150528, 301056, 10000, 10000, 10000, 10000, 10000, 10000, 1, 'handmade');
UPDATE cost_points SET variant = 'bilinear' WHERE op = 'resize';
INSERT INTO device_power VALUES (1, 'testcpu', 20, 120, 'handmade'), (2, 'testgpu', 50, 300, 'handmade');
