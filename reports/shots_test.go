package reports_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestShots(t *testing.T) {
	dir := os.Getenv("SHOTS_DIR")
	if dir == "" {
		t.Skip()
	}
	b := openBrowser(t, dir)
	for _, p := range strings.Split(os.Getenv("SHOTS"), ",") {
		ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
		err := chromedp.Do(ctx, chromedp.Navigate(b.url+"/"+p))
		cancel()
		t.Logf("%s: %v", p, err)
		time.Sleep(2 * time.Second)
		b.screenshot(t, "shot-"+strings.NewReplacer("/", "_").Replace(p)+".png")
	}
	t.Logf("problems %v leaks %v", b.problems, b.leaks)
}
