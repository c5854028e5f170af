# `sam build` only (BuildMethod: makefile, built in source: samconfig.toml).
# Every function's artefact is the `bootstrap` that one release build of the
# workspace made (scripts/build-lambdas, which scripts/sam-build runs first),
# so SAM packages that build instead of invoking cargo once per function.
# The target's stem is the function's logical id: GetPostFunction -> get-post.
BINARY = $(shell echo '$*' | sed -E 's/Function$$//; s/([a-z0-9])([A-Z])/\1-\2/g' | tr A-Z a-z)

build-%:
	@test -f target/lambda/$(BINARY)/bootstrap || { echo "no target/lambda/$(BINARY)/bootstrap: run scripts/build-lambdas (or scripts/sam-build)" >&2; exit 1; }
	cp target/lambda/$(BINARY)/bootstrap "$(ARTIFACTS_DIR)/"
