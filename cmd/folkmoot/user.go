package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/web"
)

func init() {
	register(&command{
		name:    "user",
		summary: "add users, list them, grant and revoke roles, manage organisations",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			return userFacing(runUser(ctx, args, stdout, stderr))
		},
	})
}

const userHelp = `Usage: folkmoot user <subcommand> [flags] ...

Subcommands:
  add [--role ROLE]... [--name NAME] EMAIL   add a user (roles: orgrep, moderator, organiser, admin)
  list [--role ROLE] [--search TEXT]         list users
  grant --role ROLE EMAIL                    give a user a role
  revoke --role ROLE EMAIL                   take a role away
  org-add [--website URL] NAME               add an organisation
  org-list                                   list organisations and their representatives
  rep --org ID EMAIL                         make a user a verified representative of an organisation

Every subcommand takes --db (or FOLKMOOT_DB), and those that touch email
addresses the data key they are sealed with (--data-key-file, or
FOLKMOOT_DATA_KEY). Changes are made as the command-line operator and
recorded in the audit log.
`

// roleList collects repeated --role flags.
type roleList []people.Role

func (r *roleList) String() string { return fmt.Sprint([]people.Role(*r)) }
func (r *roleList) Set(s string) error {
	role, ok := people.ParseRole(strings.ToLower(strings.TrimSpace(s)))
	if !ok {
		return fmt.Errorf("unknown role %q (citizen, orgrep, moderator, organiser, admin)", s)
	}
	*r = append(*r, role)
	return nil
}

func runUser(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	grantAs := func(verb string) runFunc {
		return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			return userGrant(ctx, verb, args, stdout, stderr)
		}
	}
	return dispatch(ctx, args, stdout, stderr, userHelp, map[string]runFunc{
		"add":      userAdd,
		"list":     userList,
		"grant":    grantAs("grant"),
		"revoke":   grantAs("revoke"),
		"org-add":  orgAdd,
		"org-list": orgList,
		"rep":      orgRep,
	})
}

// openForCLI parses fs, checks the argument count and opens the store, with
// the data keys if given; withKeys makes them required (commands that read
// or write email addresses).
func openForCLI(ctx context.Context, fs *flag.FlagSet, db *string, args []string, nargs int, withKeys bool) (storage.Store, error) {
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != nargs {
		fs.Usage()
		return nil, fmt.Errorf("expected %d argument(s), got %d: %w", nargs, len(pos), errUsage)
	}
	// Leave the positional arguments where fs.Arg finds them.
	if err := fs.Parse(append([]string{"--"}, pos...)); err != nil {
		return nil, fmt.Errorf("%w: %w", err, errUsage)
	}
	if err := needDB(*db); err != nil {
		return nil, err
	}
	keys, err := storeKeys(fs)
	if err != nil {
		return nil, err
	}
	if keys == nil && withKeys {
		return nil, errNoDataKey
	}
	return storage.Open(ctx, *db, storage.Options{SealEvery: -1, Keys: keys})
}

// parseInterspersed parses flags that may come before or after the
// positional arguments ("user add EMAIL --role admin") and returns the
// positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, fmt.Errorf("%w: %w", err, errUsage)
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		rest := fs.Args()
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil // everything after -- is positional
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func userAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newStoreFlags("user add", "[--role ROLE]... [--name NAME] EMAIL", "Adds a user with the given roles (every user is a citizen).", stderr)
	var roles roleList
	fs.Var(&roles, "role", "role to give (repeatable): orgrep, moderator, organiser, admin")
	name := fs.String("name", "", "display name (default: the part of the address before @)")
	st, err := openForCLI(ctx, fs, db, args, 1, true)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := people.NewService(st, people.Config{}).AddUser(ctx, people.System, fs.Arg(0), *name, roles...)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added user %d %s (%s) with roles %s\n", u.ID, u.Email, u.DisplayName, rolesText(u.Roles))
	return nil
}

func rolesText(rs []people.Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

func userList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newStoreFlags("user list", "[--role ROLE] [--search TEXT]", "Lists users by id.", stderr)
	var role roleList
	fs.Var(&role, "role", "only users holding this role")
	search := fs.String("search", "", "only users with exactly this email address, or whose name contains this text")
	limit := fs.Int("limit", 500, "at most this many users")
	st, err := openForCLI(ctx, fs, db, args, 0, true)
	if err != nil {
		return err
	}
	defer st.Close()
	q := people.UserQuery{Search: *search, Limit: *limit}
	if len(role) > 0 {
		q.Role = role[len(role)-1]
	}
	us, err := st.Users(ctx, q)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tROLES")
	for _, u := range us {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", u.ID, u.Email, u.DisplayName, rolesText(u.Roles))
	}
	return tw.Flush()
}

func userGrant(ctx context.Context, verb string, args []string, stdout, stderr io.Writer) error {
	fs, db := newStoreFlags("user "+verb, "--role ROLE EMAIL", "Gives a user a role, or takes it away.", stderr)
	var roles roleList
	fs.Var(&roles, "role", "the role (repeatable)")
	st, err := openForCLI(ctx, fs, db, args, 1, true)
	if err != nil {
		return err
	}
	defer st.Close()
	if len(roles) == 0 {
		return fmt.Errorf("give --role: %w", errUsage)
	}
	email, err := people.NormaliseEmail(fs.Arg(0))
	if err != nil {
		return err
	}
	u, err := st.UserByEmail(ctx, email)
	if err != nil {
		return fmt.Errorf("%s: %w", email, err)
	}
	// Running servers drop the user's cached sessions at once (topic
	// "user"), so the new roles apply to their next request. The broker
	// closes (sending) before the store.
	log := newLogger(stderr, "warn")
	b, err := openBroker(ctx, *db, st, true, log)
	if err != nil {
		return err
	}
	defer b.Close()
	ps := people.NewService(st, people.Config{UserChanged: web.AnnounceUserChange(b, log)})
	for _, r := range roles {
		if err := ps.SetRole(ctx, people.System, u.ID, r, verb == "grant"); err != nil {
			return err
		}
	}
	u, err = st.UserByID(ctx, u.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s now has roles %s\n", u.Email, rolesText(u.Roles))
	return nil
}

func orgAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newStoreFlags("user org-add", "[--website URL] [--description TEXT] NAME", "Adds an organisation.", stderr)
	website := fs.String("website", "", "the organisation's website (https://...)")
	desc := fs.String("description", "", "a short description")
	st, err := openForCLI(ctx, fs, db, args, 1, false)
	if err != nil {
		return err
	}
	defer st.Close()
	o, err := people.NewService(st, people.Config{}).CreateOrganisation(ctx, people.System,
		people.Organisation{Name: fs.Arg(0), Website: *website, Description: *desc})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added organisation %d %s\n", o.ID, o.Name)
	return nil
}

func orgList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newStoreFlags("user org-list", "", "Lists organisations and their representatives.", stderr)
	st, err := openForCLI(ctx, fs, db, args, 0, true)
	if err != nil {
		return err
	}
	defer st.Close()
	orgs, err := st.Organisations(ctx)
	if err != nil {
		return err
	}
	for _, o := range orgs {
		fmt.Fprintf(stdout, "%d\t%s\n", o.ID, o.Name)
		reps, err := st.Representatives(ctx, o.ID)
		if err != nil {
			return err
		}
		for _, r := range reps {
			state := "verified"
			if !r.Verified {
				state = "requested"
			}
			fmt.Fprintf(stdout, "\t%s\t%s\t%s\n", r.Email, r.DisplayName, state)
		}
	}
	return nil
}

func orgRep(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newStoreFlags("user rep", "--org ID EMAIL", "Makes a user a verified representative of an organisation.", stderr)
	org := fs.String("org", "", "organisation id (see org-list)")
	st, err := openForCLI(ctx, fs, db, args, 1, true)
	if err != nil {
		return err
	}
	defer st.Close()
	orgID, err := strconv.ParseInt(*org, 10, 64)
	if err != nil || orgID <= 0 {
		return fmt.Errorf("--org must be an organisation id: %w", errUsage)
	}
	email, err := people.NormaliseEmail(fs.Arg(0))
	if err != nil {
		return err
	}
	u, err := st.UserByEmail(ctx, email)
	if err != nil {
		return fmt.Errorf("%s: %w", email, err)
	}
	if err := people.NewService(st, people.Config{}).AddRepresentative(ctx, people.System, orgID, u.ID); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s now represents organisation %d\n", email, orgID)
	return nil
}
