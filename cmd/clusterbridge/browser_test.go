package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"

	"clusterbridge/internal/audit"
	"clusterbridge/internal/auth"
	"clusterbridge/internal/db"
	"clusterbridge/internal/directory"
	"clusterbridge/internal/ratelimit"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/chromedp"
)

// EnvBrowser turns on the tests that drive a real headless Chromium.
const EnvBrowser = "CLUSTERBRIDGE_TEST_BROWSER"

// startBinary builds the real command, starts it on a free port with a temporary database, and
// returns its base URL and the administrator's password from its first line.
func startBinary(t *testing.T) (string, string) {
	t.Helper()
	dir := t.TempDir()
	line := launch(t, dir, filepath.Join(dir, "cb.db"))
	m := regexp.MustCompile(`listening on (http://\S+) .*password (\S+) `).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("unexpected first line %q", line)
	}
	return m[1], m[2]
}

// startServer starts the real binary on an existing database and returns its base URL.
func startServer(t *testing.T, dir, dbPath string) string {
	t.Helper()
	line := launch(t, dir, dbPath)
	m := regexp.MustCompile(`listening on (http://\S+) `).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("unexpected first line %q", line)
	}
	return m[1]
}

// launch builds the command, starts it and returns its first line.
func launch(t *testing.T, dir, dbPath string) string {
	t.Helper()
	bin := filepath.Join(dir, "clusterbridge")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-db", dbPath, "-data-dir", filepath.Join(dir, "data"))
	cmd.Env = append(os.Environ(), "CLUSTERBRIDGE_ADMIN_PASSWORD=", "CLUSTERBRIDGE_ADMIN_EMAIL=")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() })
	lines := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(stdout)
		if s.Scan() {
			lines <- s.Text()
		}
		close(lines)
	}()
	select {
	case line := <-lines:
		return line
	case <-time.After(60 * time.Second):
		t.Fatal("server did not start within 60 s")
	}
	return ""
}

// css makes a query use document.querySelectorAll, so that a selector never matches page text.
func css(sel string) chromedp.QueryOption {
	return chromedp.ByFunc(func(ctx context.Context, t *chromedp.Target, n *chromedp.Node) ([]cdp.NodeID, error) {
		res, err := cdp.Call(ctx, t, dom.QuerySelectorAll, dom.QuerySelectorAllParams{NodeID: n.NodeID, Selector: sel})
		return res.NodeIDs, err
	})
}

// browser starts headless Chromium, or skips when the browser tests are not asked for.
func browser(t *testing.T) context.Context {
	t.Helper()
	if os.Getenv(EnvBrowser) == "" {
		t.Skip("browser test skipped: set " + EnvBrowser + "=1 (needs Chromium: apt-get install chromium)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.WindowSize(390, 844), // a phone-width screen
	)
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			opts = append(opts, chromedp.ExecPath(p))
			break
		}
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	// The first run starts the browser and must not carry a time-out; later steps may.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

// text returns the text of the first element matching a CSS selector, once
// there is one. It reads the text in the page in one step: a query by node
// id followed by a read can fail with "No node with given id found" when
// the browser renumbers the document just after a navigation. A read that
// meets a page still being replaced is tried again.
type polledText struct {
	Text string `json:"text"`
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	q, _ := json.Marshal(sel)
	expr := fmt.Sprintf(`(() => { const e = document.querySelector(%s); return e ? {text: e.innerText} : null })()`, q)
	var err error
	for range 3 {
		var got polledText
		if got, err = chromedp.Run(ctx, chromedp.Poll[polledText](expr)); err == nil {
			return got.Text
		}
	}
	t.Fatalf("text of %s: %v", sel, err)
	return ""
}

func step(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func TestBrowserSwitchLanguageSignInOut(t *testing.T) {
	ctx := browser(t)
	base, password := startBinary(t)
	step(t, ctx, "open home", chromedp.Navigate(base+"/"), chromedp.WaitVisible("", css("h1")))
	if h1 := text(t, ctx, "h1"); !strings.Contains(h1, "cluster network") {
		t.Errorf("home h1 = %q, want English", h1)
	}
	// Switch to Serbian Cyrillic with the switcher and see Cyrillic text.
	step(t, ctx, "switch to Cyrillic",
		chromedp.Click("", css(`a[hreflang="sr-Cyrl"]`)),
		chromedp.WaitReady("", css(`html[lang="sr-Cyrl"]`)))
	if h1 := text(t, ctx, "h1"); !regexp.MustCompile(`\p{Cyrillic}`).MatchString(h1) {
		t.Errorf("after switching, h1 = %q, want Cyrillic", h1)
	}
	// Sign in as the administrator.
	step(t, ctx, "sign in",
		chromedp.Click("", css(`.main-nav a[href="/login"]`)),
		chromedp.WaitVisible("", css("#email")),
		chromedp.SendKeys("", "admin@localhost", css("#email")),
		chromedp.SendKeys("", password, css("#password")),
		chromedp.Submit("", css("#password")),
		chromedp.WaitVisible("", css(`.main-nav a[href="/admin/users"]`)))
	nav := text(t, ctx, ".main-nav")
	if !strings.Contains(nav, "Мој налог") || !strings.Contains(nav, "Администрација") {
		t.Errorf("signed-in menu = %q, want the account and administration links in Cyrillic", nav)
	}
	if notice := text(t, ctx, ".notice"); notice != "Добро дошли поново." {
		t.Errorf("notice after sign-in = %q", notice)
	}
	// The administrator's pages open.
	step(t, ctx, "open users",
		chromedp.Click("", css(`.main-nav a[href="/admin/users"]`)),
		chromedp.WaitVisible("", css("table")))
	if users := text(t, ctx, "table"); !strings.Contains(users, "admin@localhost") {
		t.Errorf("users table = %q", users)
	}
	// Sign out.
	step(t, ctx, "sign out",
		chromedp.Click("", css(`form[action="/logout"] button`)),
		chromedp.WaitVisible("", css(`.main-nav a[href="/login"]`)))
	nav = text(t, ctx, ".main-nav")
	if strings.Contains(nav, "Мој налог") || !strings.Contains(nav, "Пријава") {
		t.Errorf("after sign-out the menu is %q", nav)
	}
}

// TestBrowserDirectorySearchAndEdit: a visitor searches in Cyrillic and opens an organisation; its
// editor signs in, edits it, and sees the change.
func TestBrowserDirectorySearchAndEdit(t *testing.T) {
	ctx := browser(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "cb.db")
	prepareEditor(t, dbPath, "urednica@example.org", "kuca-klastera")
	base := startServer(t, dir, dbPath)

	step(t, ctx, "search in Cyrillic",
		chromedp.Navigate(base+"/organizations?lang=sr-Cyrl"),
		chromedp.WaitVisible("", css("#q")),
		chromedp.SendKeys("", "Кућа кластера", css("#q")),
		chromedp.Submit("", css("#q")),
		chromedp.WaitVisible("", css(".org-card")))
	if first := text(t, ctx, ".org-card h3"); !strings.Contains(first, "Кућа кластера") {
		t.Fatalf("first result = %q, want Кућа кластера", first)
	}
	step(t, ctx, "open the organisation",
		chromedp.Click("", css(".org-card h3 a")),
		chromedp.WaitVisible("", css("article.org h1")))
	if h1 := text(t, ctx, "article.org h1"); !strings.Contains(h1, "Кућа кластера") {
		t.Errorf("organisation page h1 = %q", h1)
	}
	step(t, ctx, "sign in as its editor",
		chromedp.Navigate(base+"/login?next=/organizations/kuca-klastera/edit"),
		chromedp.WaitVisible("", css("#email")),
		chromedp.SendKeys("", "urednica@example.org", css("#email")),
		chromedp.SendKeys("", "correct horse battery", css("#password")),
		chromedp.Submit("", css("#password")),
		chromedp.WaitVisible("", css("#short_name")),
		chromedp.Clear("", css("#short_name")),
		chromedp.SendKeys("", "КК Ниш", css("#short_name")),
		chromedp.Clear("", css("#description_sr")),
		chromedp.SendKeys("", "Мрежа кластера југоисточне Србије и партнера у Бугарској.", css("#description_sr")),
		chromedp.Submit("", css("#short_name")),
		chromedp.WaitVisible("", css(".notice")))
	if lead := text(t, ctx, "p.lead"); lead != "Мрежа кластера југоисточне Србије и партнера у Бугарској." {
		t.Errorf("description after edit = %q", lead)
	}
	// A Latin reader sees the same change in Latin.
	step(t, ctx, "switch to Latin", chromedp.Click("", css(`a[hreflang="sr-Latn"]`)), chromedp.WaitReady("", css(`html[lang="sr-Latn"]`)))
	if lead := text(t, ctx, "p.lead"); lead != "Mreža klastera jugoistočne Srbije i partnera u Bugarskoj." {
		t.Errorf("description in Latin = %q", lead)
	}
}

// prepareEditor loads the demo network into a new database and makes a member the editor of one
// organisation, as an approved claim would.
func prepareEditor(t *testing.T, dbPath, email, slug string) {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	svc, err := directory.New(ctx, d, mustBundle())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	accounts := auth.New(d, ratelimit.New(d))
	u, err := accounts.CreateUser(ctx, audit.System, auth.NewUser{Email: email, Name: "Уредница", Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	o, err := svc.BySlug(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.GrantEditor(ctx, audit.System, o.ID, u.ID); err != nil {
		t.Fatal(err)
	}
}
