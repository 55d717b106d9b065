# apimlint in a container: the static binary alone, run as a non-root user.
#   docker build --build-arg VERSION=v1.2.3 -t apimlint .
#   docker run --rm -v "$PWD:/src" apimlint check apiops

FROM golang:1.26 AS build
WORKDIR /build
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X github.com/apimlint/apimlint/internal/cli.Version=${VERSION}" -o /out/apimlint ./cmd/apimlint

FROM scratch
COPY --from=build /out/apimlint /usr/local/bin/apimlint
ENV PATH=/usr/local/bin
# 65532 is the "nonroot" user of distroless images; scratch has no user names.
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["apimlint"]
