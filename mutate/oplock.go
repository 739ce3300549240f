package mutate

import (
	"go/ast"
	"go/token"
	"strings"
)

// The lock operators: the mistakes of critical sections.

// removeLock deletes a Lock and every release of it up to the next Lock of
// the same lock (deferred or explicit, nested in branches too). A lock call
// whose result is assigned ("ok, err := conn.Lock(name, wait)") becomes a
// success that took nothing.
func removeLock(f *file) []site {
	var out []site
	for _, sec := range f.sections() {
		var edits []edit
		for _, s := range sec.list[sec.lock+1 : max(sec.end, sec.unlockAt+1)] {
			if sec.relocks(s) {
				break
			}
			edits = append(edits, f.releasesIn(&sec, s)...)
		}
		if len(edits) == 0 {
			continue // a lock released elsewhere: not a pair
		}
		lock := sec.list[sec.lock]
		for _, a := range sec.call.Args {
			if id, ok := a.(*ast.Ident); ok {
				// the lock's name may be a variable used nowhere else
				edits = append(edits, f.before(lock, "_ = "+id.Name))
			}
		}
		if as, ok := lock.(*ast.AssignStmt); ok {
			vals := []string{"true", "error(nil)"}
			if len(as.Lhs) > len(vals) {
				continue
			}
			edits = append(edits, f.replace(as.Rhs[0], strings.Join(vals[:len(as.Lhs)], ", ")))
		} else {
			edits = append(edits, f.del(lock))
		}
		out = append(out, site{lock.Pos(), "removes " + sec.locker + " and its " + sec.unlock, edits})
	}
	return out
}

// releasesIn deletes the releases of the section's lock in s and in the
// blocks nested in it.
func (f *file) releasesIn(sec *section, s ast.Stmt) []edit {
	if sec.releases(s) {
		return []edit{f.del(s)}
	}
	var out []edit
	ast.Inspect(s, func(n ast.Node) bool {
		if n == s {
			return true
		}
		if st, ok := n.(ast.Stmt); ok && sec.releases(st) {
			out = append(out, f.del(st))
			return false
		}
		_, isLit := n.(*ast.FuncLit) // a closure's unlock runs elsewhere
		return !isLit
	})
	return out
}

// unlockEarly releases the lock before the last statement it guards. A
// deferred Unlock becomes a guarded one, so every early return still
// releases exactly once.
func unlockEarly(f *file) []site {
	var out []site
	for _, sec := range f.sections() {
		g := sec.guarded()
		switch {
		case sec.unlockAt >= 0 && len(g) >= 2:
			last, unlock := sec.list[sec.unlockAt-1], sec.list[sec.unlockAt]
			out = append(out, site{unlock.Pos(), "releases " + sec.recv + " before `" + firstLine(f.text(last)) + "`",
				[]edit{f.before(last, f.text(unlock)), f.del(unlock)}})
		case sec.deferAt >= 0 && len(g) >= 2:
			p := len(g) - 1
			if trivialReturn(g[p]) {
				p--
			}
			if p < 1 {
				continue
			}
			last := g[p]
			def := sec.list[sec.deferAt]
			out = append(out, site{def.Pos(), "releases " + sec.recv + " before `" + firstLine(f.text(last)) + "`",
				[]edit{
					f.replace(def, "racelabHeld := true\ndefer func() {\nif racelabHeld {\n"+sec.unlockText+"\n}\n}()"),
					f.before(last, "racelabHeld = false\n"+sec.unlockText),
				}})
		}
	}
	return out
}

// readOutsideLock moves the first read of a critical section, or the
// condition of its first check, before the Lock: check outside the lock,
// act inside.
func readOutsideLock(f *file) []site {
	var out []site
	for _, sec := range f.sections() {
		lock := sec.list[sec.lock]
		readDone, checkDone := false, false
		local := map[string]bool{} // names the section defines before the check
		for _, s := range sec.guarded() {
			if checkDone && readDone {
				break
			}
			defined := declared(s)
			switch s := s.(type) {
			case *ast.AssignStmt, *ast.DeclStmt:
				if readDone || !readsIntoLocals(s) || len(declared(s)) == 0 && uses(s, declared(lock)) {
					break
				}
				readDone = true
				out = append(out, site{s.Pos(), "reads `" + firstLine(f.text(s)) + "` before " + sec.locker,
					[]edit{f.before(lock, f.text(s)), f.del(s)}})
			case *ast.IfStmt:
				if checkDone || s.Init == nil && (checksError(s.Cond) || uses(s.Cond, local)) {
					break // the check of a read's result goes with the read
				}
				checkDone = true
				if s.Init != nil {
					out = append(out, site{s.Pos(), "reads `" + f.text(s.Init) + "` before " + sec.locker,
						[]edit{f.before(lock, f.text(s.Init)), {f.off(s.Init.Pos()), f.off(s.Cond.Pos()), ""}}})
					continue
				}
				out = append(out, site{s.Pos(), "checks `" + f.text(s.Cond) + "` before " + sec.locker,
					[]edit{f.before(lock, "racelabCheck := "+f.text(s.Cond)), f.replace(s.Cond, "racelabCheck")}})
			}
			for n := range defined {
				local[n] = true
			}
		}
	}
	return out
}

// readsIntoLocals reports whether a statement reads shared state (a call,
// a field, an element) into local variables only: x := s.items[k],
// rows, err := load().
func readsIntoLocals(s ast.Stmt) bool {
	var lhs, rhs []ast.Expr
	switch s := s.(type) {
	case *ast.AssignStmt:
		lhs, rhs = s.Lhs, s.Rhs
	case *ast.DeclStmt:
		gd, ok := s.Decl.(*ast.GenDecl)
		if !ok || len(gd.Specs) != 1 {
			return false
		}
		vs, ok := gd.Specs[0].(*ast.ValueSpec)
		if !ok {
			return false
		}
		rhs = vs.Values
	}
	for _, l := range lhs {
		if _, ok := l.(*ast.Ident); !ok {
			return false
		}
	}
	found := false
	for _, r := range rhs {
		ast.Inspect(r, func(n ast.Node) bool {
			switch n.(type) {
			case *ast.SelectorExpr, *ast.IndexExpr, *ast.CallExpr:
				found = true
			}
			return !found
		})
	}
	return found
}

// checksError reports whether a condition tests an error variable.
func checksError(cond ast.Expr) bool {
	found := false
	ast.Inspect(cond, func(n ast.Node) bool {
		if e, ok := n.(ast.Expr); ok && errName(e) {
			found = true
		}
		return !found
	})
	return found
}

// splitLock releases and retakes the lock after the first guarded
// statement, so what the first statement saw can change before the rest
// acts on it.
func splitLock(f *file) []site {
	var out []site
	for _, sec := range f.sections() {
		g := sec.guarded()
		for len(g) > 0 && bareDecl(g[0]) {
			g = g[1:] // splitting after "var x T" changes nothing
		}
		if len(g) < 2 || sec.unlockText == "" {
			continue
		}
		first := g[0]
		if trivialReturn(g[1]) && len(g) == 2 {
			continue
		}
		o := f.off(first.End())
		out = append(out, site{first.End(), "splits the section of " + sec.locker + " after `" + firstLine(f.text(first)) + "`",
			[]edit{{o, o, "\n" + sec.unlockText + "\n" + sec.locker}}})
	}
	return out
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}

// declared returns the names a statement declares (x := ..., var x = ...).
func declared(s ast.Stmt) map[string]bool {
	out := map[string]bool{}
	switch s := s.(type) {
	case *ast.AssignStmt:
		if s.Tok == token.DEFINE {
			for _, l := range s.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					out[id.Name] = true
				}
			}
		}
	case *ast.DeclStmt:
		if gd, ok := s.Decl.(*ast.GenDecl); ok {
			for _, sp := range gd.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					for _, id := range vs.Names {
						out[id.Name] = true
					}
				}
			}
		}
	}
	return out
}

// bareDecl reports whether s declares variables without reading anything.
func bareDecl(s ast.Stmt) bool {
	ds, ok := s.(*ast.DeclStmt)
	if !ok {
		return false
	}
	gd, ok := ds.Decl.(*ast.GenDecl)
	if !ok {
		return false
	}
	for _, sp := range gd.Specs {
		if vs, ok := sp.(*ast.ValueSpec); !ok || len(vs.Values) > 0 {
			return false
		}
	}
	return true
}
