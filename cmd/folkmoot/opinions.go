package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/folkmoot/folkmoot/internal/opinions"
	"github.com/folkmoot/folkmoot/internal/opinions/polisio"
	"github.com/folkmoot/folkmoot/internal/opinions/report"
)

func init() {
	register(&command{
		name:    "opinions",
		summary: "map the opinion groups of a Pol.is conversation (votes.csv or participants-votes.csv, comments.csv)",
		run:     runOpinions,
	})
}

const opinionsHelp = `Usage: folkmoot opinions --votes votes.csv --comments comments.csv [flags]
       folkmoot opinions --participants-votes participants-votes.csv --comments comments.csv [flags]

Finds the opinion groups of an online conversation the way Pol.is does
(principal components of the votes, k-means base clusters, groups chosen by
silhouette), with each group's representative statements and the consensus
statements. Input is Pol.is's export format: the vote log votes.csv, or, when
it is absent, the wide participants-votes.csv (one row per participant, one
column per statement). The wide file has no times, so who is clustered is
decided on the final votes, as Pol.is does when it computes from scratch
(--in-conv final). See docs/opinions.md.

With --json, stdout is one JSON object with participant_groups (participant id
-> group id, for everyone clustered), groups, representative (group id ->
statements), consensus, statement_stats and points. Otherwise a short summary
is printed. Skipped input rows are counted on stderr.

Flags:
`

func runOpinions(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("opinions", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, opinionsHelp)
		fs.PrintDefaults()
	}
	votesPath := fs.String("votes", "", "Pol.is `votes.csv`, the vote log (this or --participants-votes is required)")
	widePath := fs.String("participants-votes", "", "Pol.is `participants-votes.csv`, read for the votes when --votes is not given")
	inConv := fs.String("in-conv", "replay", "who is clustered: `replay` applies Pol.is's rule (at least min(7, statements) votes, at least 15 people) after every vote in time order, as a live server admits early voters; final applies it once to the final votes, as Pol.is does when it computes from scratch")
	commentsPath := fs.String("comments", "", "Pol.is `comments.csv` (moderation states, statement texts); votes on statements it does not list are skipped")
	seed := fs.Uint64("seed", 1, "seed for the start vectors of the power iteration")
	asJSON := fs.Bool("json", false, "write the result as JSON to stdout")
	svgPath := fs.String("svg", "", "write the opinion map as SVG to `file`")
	htmlPath := fs.String("html", "", "write an HTML report to `file`")
	exportDir := fs.String("export", "", "write Pol.is export files (participants-votes.csv with our group-id, comments.csv, votes.csv when read with --votes, summary.csv) into `dir`")
	replayGap := fs.Int64("replay-gap", 0, "experimental: emulate live Pol.is by updating the model in ticks, a tick closing after `ms` milliseconds of votes (0: one computation over all votes)")
	title := fs.String("title", "", "title of the HTML report")
	attribution := fs.String("attribution", "", "attribution line for the HTML report (required by CC BY data such as Pol.is open data)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%v: %w", err, errUsage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: %w", fs.Arg(0), errUsage)
	}
	if *votesPath == "" && *widePath == "" {
		return fmt.Errorf("--votes or --participants-votes is required: %w", errUsage)
	}
	if *inConv != "replay" && *inConv != "final" {
		return fmt.Errorf("--in-conv must be replay or final, not %q: %w", *inConv, errUsage)
	}
	// Without --votes the wide export is read: it has no times.
	timed := *votesPath != ""
	if *replayGap > 0 && *inConv == "final" {
		return fmt.Errorf("--replay-gap admits participants at every tick; it cannot be combined with --in-conv final: %w", errUsage)
	}
	if !timed && (*replayGap > 0 || isFlagSet(fs, "in-conv") && *inConv == "replay") {
		return fmt.Errorf("participants-votes.csv has no vote times: --replay-gap and --in-conv replay need --votes: %w", errUsage)
	}
	var evs []opinions.Event
	var vrep *polisio.Report
	var err error
	inputPath := *votesPath
	if timed {
		evs, vrep, err = readFile(*votesPath, polisio.ReadVotes)
	} else {
		inputPath = *widePath
		evs, vrep, err = readFile(*widePath, polisio.ReadParticipantsVotes)
	}
	if err != nil {
		return err
	}
	var comments []polisio.Comment
	if *commentsPath != "" {
		var crep *polisio.Report
		comments, crep, err = readFile(*commentsPath, polisio.ReadComments)
		if err != nil {
			return err
		}
		if crep.Skipped() > 0 {
			fmt.Fprintf(stderr, "folkmoot opinions: %s: %s\n", *commentsPath, crep)
		}
	}
	if *replayGap < 0 {
		return fmt.Errorf("--replay-gap must not be negative: %w", errUsage)
	}
	known := polisio.Known(evs, comments, vrep)
	if vrep.Skipped() > 0 {
		fmt.Fprintf(stderr, "folkmoot opinions: %s: %s\n", inputPath, vrep)
	}
	if len(known) == 0 {
		return fmt.Errorf("%s: no usable votes", inputPath)
	}
	opts := opinions.DefaultOptions()
	opts.Seed = *seed
	conv := polisio.Moderate(comments)
	var m *opinions.Model
	if *replayGap > 0 {
		if m, err = opinions.Replay(conv, opinions.BatchesByGap(known, *replayGap), opts); err != nil {
			return err
		}
	} else {
		if !timed || *inConv == "final" {
			// one update of all the votes, as Pol.is computes from scratch
			err = conv.AddUpdate(known)
		} else {
			for _, e := range known {
				if err = conv.Add(e); err != nil {
					break
				}
			}
		}
		if err != nil {
			return err
		}
		m = opinions.Compute(conv, opts)
	}
	res := m.Result()

	texts := map[int]string{}
	for _, c := range comments {
		texts[c.ID] = c.Body
	}
	if *svgPath != "" {
		if err := writeFile(*svgPath, func(w io.Writer) error { return report.SVG(w, res, 640, 480) }); err != nil {
			return err
		}
	}
	if *htmlPath != "" {
		page := report.Page{Title: *title, Statements: texts, Attribution: *attribution}
		if err := writeFile(*htmlPath, func(w io.Writer) error { return report.HTML(w, res, page) }); err != nil {
			return err
		}
	}
	if *exportDir != "" {
		if err := exportPolis(*exportDir, *title, evs, timed, comments, conv, res); err != nil {
			return err
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		return enc.Encode(res)
	}
	printSummary(stdout, res, texts)
	return nil
}

// isFlagSet reports whether flag name was given on the command line.
func isFlagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func readFile[T any](path string, read func(io.Reader) (T, *polisio.Report, error)) (T, *polisio.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		var zero T
		return zero, nil, err
	}
	defer f.Close()
	v, rep, err := read(f)
	if err != nil {
		return v, rep, fmt.Errorf("%s: %w", path, err)
	}
	return v, rep, nil
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

// exportPolis writes the Pol.is export files; votes.csv only when the votes
// had times (a wide input has none to write).
func exportPolis(dir, title string, evs []opinions.Event, timed bool, comments []polisio.Comment, conv *opinions.Conversation, res *opinions.Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	authored := map[int]int{}
	for _, c := range comments {
		authored[c.Author]++
	}
	files := map[string]func(io.Writer) error{
		"participants-votes.csv": func(w io.Writer) error {
			return polisio.WriteParticipantsVotes(w, conv, res.ParticipantGroups, authored)
		},
		"comments.csv": func(w io.Writer) error { return polisio.WriteComments(w, comments, conv, res) },
		"votes.csv":    func(w io.Writer) error { return polisio.WriteVotes(w, evs) },
		"summary.csv":  func(w io.Writer) error { return polisio.WriteSummary(w, title, len(comments), res) },
	}
	if !timed {
		delete(files, "votes.csv")
	}
	for name, write := range files {
		if err := writeFile(filepath.Join(dir, name), write); err != nil {
			return err
		}
	}
	return nil
}

func printSummary(w io.Writer, res *opinions.Result, texts map[int]string) {
	fmt.Fprintf(w, "%d participants, %d votes, %d statements; %d clustered into %d groups\n",
		res.Participants, res.Votes, res.Statements, res.Clustered, res.K)
	short := func(id int) string {
		t := strings.Join(strings.Fields(texts[id]), " ")
		if r := []rune(t); len(r) > 70 {
			t = string(r[:69]) + "…"
		}
		return fmt.Sprintf("#%d %s", id, t)
	}
	for _, g := range res.Groups {
		fmt.Fprintf(w, "\nGroup %s: %d participants\n", report.GroupLabel(g.ID), g.Size)
		for _, r := range res.Representative[g.ID] {
			fmt.Fprintf(w, "  %-8s %3.0f%%  %s\n", r.RepfulFor, 100*float64(r.NSuccess)/float64(max(r.NTrials, 1)), short(r.Statement))
		}
	}
	fmt.Fprintln(w, "\nConsensus (agree):")
	for _, c := range res.Consensus.Agree {
		fmt.Fprintf(w, "  %3.0f%%  %s\n", 100*float64(c.NSuccess)/float64(max(c.NTrials, 1)), short(c.Statement))
	}
	fmt.Fprintln(w, "Consensus (disagree):")
	for _, c := range res.Consensus.Disagree {
		fmt.Fprintf(w, "  %3.0f%%  %s\n", 100*float64(c.NSuccess)/float64(max(c.NTrials, 1)), short(c.Statement))
	}
}
