-- Folkmoot schema version 8 (sqlite): lists show one round's issues (the
-- current round unless another is chosen), so the support- and
-- trend-ordered indexes lead with the round. A list of one round in those
-- orders is then an index range scan whatever the planner's statistics say
-- (with only status first, PostgreSQL could sort a whole round's issues
-- after a bulk load). Each support still updates one index of each order.
DROP INDEX issues_supported;
DROP INDEX issues_trending;
CREATE INDEX issues_supported ON issues(cycle_id, status, supports DESC, id DESC);
CREATE INDEX issues_trending  ON issues(cycle_id, status, trend DESC, id DESC);
