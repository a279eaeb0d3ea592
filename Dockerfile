# Multi-stage build: compile with the Swift toolchain, run on a slim Debian with only the runtime libraries.
FROM swift:6.2-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends pkg-config libhiredis-dev \
        libavformat-dev libavcodec-dev libswscale-dev libswresample-dev libavutil-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product zviewer --static-swift-stdlib \
    && cp "$(swift build -c release --show-bin-path)/zviewer" /zviewer

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl tzdata libhiredis0.14 \
        libavformat59 libavcodec59 libswscale6 libswresample4 libavutil57 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 1000 --home /var/lib/zviewer zviewer \
    && mkdir -p /var/lib/zviewer && chown zviewer /var/lib/zviewer
COPY --from=build /zviewer /usr/local/bin/zviewer
COPY migrations /opt/zviewer/migrations
ENV HTTP_HOST=0.0.0.0 HTTP_PORT=8080 MIGRATIONS_DIR=/opt/zviewer/migrations DATA_DIR=/var/lib/zviewer \
    GLIBC_TUNABLES=glibc.malloc.arena_max=2
USER zviewer
WORKDIR /var/lib/zviewer
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD curl -fs http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["zviewer"]
CMD ["serve"]
