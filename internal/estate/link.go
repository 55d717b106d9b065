package estate

// link derives what depends on every resource being known: which sites count
// as Function apps.
func (b *builder) link() {
	for _, s := range b.est.Sites {
		if s.Kind == nil && len(s.EasyAuth) > 0 {
			// An Easy Auth config on a site of unknown kind: treat it as the
			// Function the rules are about.
			s.IsFunction = true
		}
	}
}
