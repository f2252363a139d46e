package pglive

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/folkmoot/folkmoot/internal/live"
)

// MaxPayload is PostgreSQL's limit on a notification payload: it must be
// shorter than 8000 bytes.
const MaxPayload = 8000

// Options tune New. The zero value is what a server wants.
type Options struct {
	// Channel is the notification channel; "" means "folkmoot_live".
	// Installations sharing a database (in different schemas) need
	// different channels.
	Channel string
	// PublishOnly skips listening (a command that publishes and exits).
	PublishOnly bool
	// MaxQueue caps notifications waiting while the database is slow or
	// unreachable (the oldest are dropped); 0 means 10,000.
	MaxQueue int
	// CheckEvery is how long the listening connection may stay silent
	// before it is checked with a query; 0 means 30s.
	CheckEvery time.Duration
	// Logger receives connection failures; nil means slog.Default().
	Logger *slog.Logger
}

// Broker is a live.Broker over LISTEN/NOTIFY. It is safe for concurrent
// use.
type Broker struct {
	local   *live.Local
	cfg     *pgx.ConnConfig
	channel string
	origin  string
	opt     Options
	log     *slog.Logger
	seq     atomic.Uint64

	mu     sync.Mutex
	queue  []string // payloads waiting to be sent, in order
	closed bool
	lost   int // payloads dropped from a full queue since the last report

	kick   chan struct{}
	stop   chan struct{} // closed by Close: the sender drains and exits
	ctx    context.Context
	cancel context.CancelFunc // stops the listener
	wg     sync.WaitGroup

	sender *pgx.Conn // owned by the sender goroutine
}

var _ live.Broker = (*Broker)(nil)

// payload is a notification's JSON.
type payload struct {
	Origin string `json:"o"`
	Topic  string `json:"t"`
	Data   []byte `json:"d,omitempty"`
	Seq    uint64 `json:"s"` // keeps payloads distinct: PostgreSQL folds identical ones sent in one transaction
}

// New connects to the database at dsn (a postgres:// URL) and, unless
// opt.PublishOnly, starts listening; the error reports a database that
// cannot be reached or a bad channel name.
func New(ctx context.Context, dsn string, opt Options) (*Broker, error) {
	if opt.Channel == "" {
		opt.Channel = "folkmoot_live"
	}
	if len(opt.Channel) > 63 {
		return nil, fmt.Errorf("pglive: channel name %q is longer than 63 bytes", opt.Channel)
	}
	if opt.MaxQueue <= 0 {
		opt.MaxQueue = 10000
	}
	if opt.CheckEvery <= 0 {
		opt.CheckEvery = 30 * time.Second
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("pglive: bad PostgreSQL URL: %w", err)
	}
	if _, ok := cfg.RuntimeParams["application_name"]; !ok {
		cfg.RuntimeParams["application_name"] = "folkmoot live"
	}
	b := &Broker{local: live.NewLocal(), cfg: cfg, channel: opt.Channel, origin: live.NewOrigin(), opt: opt,
		log: opt.Logger, kick: make(chan struct{}, 1), stop: make(chan struct{})}
	if b.log == nil {
		b.log = slog.Default()
	}
	b.ctx, b.cancel = context.WithCancel(context.Background())
	if !opt.PublishOnly {
		conn, err := b.listenConn(ctx)
		if err != nil {
			b.cancel()
			return nil, err
		}
		b.wg.Add(1)
		go b.listener(conn)
	}
	b.wg.Add(1)
	go b.sendLoop()
	return b, nil
}

// Origin returns the id this broker puts in its notifications.
func (b *Broker) Origin() string { return b.origin }

// Publish delivers the event to this process's subscribers and queues its
// notification. It refuses an event whose payload would reach MaxPayload.
func (b *Broker) Publish(ctx context.Context, topic string, data []byte) error {
	if topic == "" || topic == live.Lagged {
		return live.ErrReserved
	}
	p, err := json.Marshal(payload{Origin: b.origin, Topic: topic, Data: data, Seq: b.seq.Add(1)})
	if err != nil {
		return fmt.Errorf("pglive: encoding an event: %w", err)
	}
	if len(p) >= MaxPayload {
		return fmt.Errorf("pglive: event on %q is %d bytes as a notification; PostgreSQL takes less than %d: publish an id, not the data",
			topic, len(p), MaxPayload)
	}
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return live.ErrClosed
	}
	if err := b.local.Publish(ctx, topic, data); err != nil {
		b.mu.Unlock()
		return err
	}
	b.queue = append(b.queue, string(p))
	if len(b.queue) > b.opt.MaxQueue {
		// Drop the oldest, and a tenth more, so that a full queue costs a
		// copy per MaxQueue/10 publishes rather than one per publish.
		drop := len(b.queue) - b.opt.MaxQueue + b.opt.MaxQueue/10
		b.queue = append(b.queue[:0], b.queue[drop:]...)
		b.lost += drop
	}
	b.mu.Unlock()
	select {
	case b.kick <- struct{}{}:
	default:
	}
	return nil
}

// Subscribe subscribes to topics published by any process on the channel.
func (b *Broker) Subscribe(topics ...string) *live.Subscription { return b.local.Subscribe(topics...) }

// Close sends the queued notifications (waiting up to 5 s for the
// database), stops listening, closes the connections and every
// subscription.
func (b *Broker) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	b.closed = true
	b.mu.Unlock()
	close(b.stop)
	b.cancel()
	b.wg.Wait()
	b.local.Close()
	b.mu.Lock()
	left := len(b.queue)
	b.mu.Unlock()
	if left > 0 {
		return fmt.Errorf("pglive: %d events not sent before closing", left)
	}
	return nil
}

// sendLoop sends queued notifications until Close, then drains the queue
// for up to 5 s. It does not use b.ctx: Close must not cut off a batch
// being sent (a command publishes and closes at once).
func (b *Broker) sendLoop() {
	defer b.wg.Done()
	defer func() {
		if b.sender != nil {
			closeConn(b.sender)
		}
	}()
	backoff := newBackoff()
	for {
		select {
		case <-b.kick:
		case <-b.stop:
			b.drain()
			return
		}
		for b.queued() > 0 {
			if err := b.sendQueued(context.Background()); err != nil {
				select { // then try again with what is still queued
				case <-time.After(backoff.next()):
					continue
				case <-b.stop:
					b.drain()
					return
				}
			}
			backoff.reset()
		}
	}
}

// drain sends what is queued, giving up after 5 s or at the first failure.
func (b *Broker) drain() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for b.queued() > 0 && b.sendQueued(ctx) == nil {
	}
}

func (b *Broker) queued() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.queue)
}

// sendBatch is the number of notifications sent in one round trip.
const sendBatch = 100

// sendQueued sends the oldest queued notifications in one round trip
// (one implicit transaction). Unsendable because the connection cannot be
// opened, they stay queued; sent on a connection that fails, they are
// dropped, since some may have gone (at most once).
func (b *Broker) sendQueued(ctx context.Context) error {
	if b.sender == nil || b.sender.IsClosed() {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		conn, err := pgx.ConnectConfig(cctx, b.cfg.Copy())
		cancel()
		if err != nil {
			b.log.Warn("pglive: cannot connect to send events; retrying", "err", err)
			return err
		}
		b.sender = conn
	}
	b.mu.Lock()
	n := min(len(b.queue), sendBatch)
	batch := append([]string(nil), b.queue[:n]...)
	b.queue = append(b.queue[:0], b.queue[n:]...)
	lost := b.lost
	b.lost = 0
	b.mu.Unlock()
	if lost > 0 {
		b.log.Warn("pglive: dropped events the database was too slow to take", "events", lost)
	}
	if n == 0 {
		return nil
	}
	var pb pgx.Batch
	for _, p := range batch {
		pb.Queue(`SELECT pg_notify($1, $2)`, b.channel, p)
	}
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := b.sender.SendBatch(sctx, &pb).Close(); err != nil {
		b.log.Warn("pglive: sending events failed; they are dropped", "events", n, "err", err)
		closeConn(b.sender)
		b.sender = nil
		return err
	}
	return nil
}

// listenConn opens a connection and LISTENs on the channel.
func (b *Broker) listenConn(ctx context.Context) (*pgx.Conn, error) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(cctx, b.cfg.Copy())
	if err != nil {
		return nil, fmt.Errorf("pglive: connecting to listen: %w", err)
	}
	if _, err := conn.Exec(cctx, "LISTEN "+pgx.Identifier{b.channel}.Sanitize()); err != nil {
		closeConn(conn)
		return nil, fmt.Errorf("pglive: LISTEN: %w", err)
	}
	return conn, nil
}

// listener delivers notifications until Close, reopening the connection
// when it fails.
func (b *Broker) listener(conn *pgx.Conn) {
	defer b.wg.Done()
	backoff := newBackoff()
	for {
		err := b.receive(conn)
		closeConn(conn)
		if b.ctx.Err() != nil {
			return
		}
		b.log.Warn("pglive: lost the listening connection; reconnecting", "err", err)
		for conn = nil; conn == nil; {
			select {
			case <-time.After(backoff.next()):
			case <-b.ctx.Done():
				return
			}
			if conn, err = b.listenConn(b.ctx); err != nil && b.ctx.Err() == nil {
				b.log.Warn("pglive: cannot listen yet", "err", err)
			}
		}
		backoff.reset()
		b.log.Info("pglive: listening again")
		b.local.MarkLagged() // what was notified meanwhile is lost
	}
}

// receive delivers notifications from conn until it fails or Close.
func (b *Broker) receive(conn *pgx.Conn) error {
	for {
		wctx, cancel := context.WithTimeout(b.ctx, b.opt.CheckEvery)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		if err != nil {
			if b.ctx.Err() != nil || !pgconn.Timeout(err) || conn.IsClosed() {
				return err
			}
			// Silence: make sure the connection is alive.
			pctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
			_, err = conn.Exec(pctx, "SELECT 1")
			cancel()
			if err != nil {
				return err
			}
			continue
		}
		b.deliver(n.Payload)
	}
}

// deliver hands another process's notification to local subscribers.
func (b *Broker) deliver(raw string) {
	var p payload
	if err := json.Unmarshal([]byte(raw), &p); err != nil || p.Topic == "" {
		b.log.Debug("pglive: ignoring a notification that is not an event", "payload", raw)
		return
	}
	if p.Origin == b.origin {
		return // delivered locally when published
	}
	b.local.Publish(b.ctx, p.Topic, p.Data)
}

func closeConn(c *pgx.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	c.Close(ctx)
}

// backoff is an exponential delay with jitter, from 100ms to 5s.
type backoff struct{ d time.Duration }

func newBackoff() *backoff { return &backoff{d: 100 * time.Millisecond} }

func (b *backoff) reset() { b.d = 100 * time.Millisecond }

func (b *backoff) next() time.Duration {
	d := b.d
	b.d = min(2*b.d, 5*time.Second)
	return d/2 + rand.N(d) // jitter: [d/2, 3d/2)
}
