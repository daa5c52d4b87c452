# The whole simulator (sbsim up) in a container; docker-compose.yml runs it next to Mosquitto (README, "Docker").
# Both stages are Ubuntu 26.04 LTS, whose own archive ships .NET 10 (dotnet-sdk-10.0, aspnetcore-runtime-10.0),
# so no extra package source is needed.

FROM ubuntu:26.04 AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates dotnet-sdk-10.0 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src

# global.json is deliberately not copied (.dockerignore keeps it out of the context too): it pins SDK 10.0.400 with
# rollForward latestFeature, which never rolls down to a lower feature band, and the distribution's SDK is the
# source-built 10.0.1xx band. Any 10.0 SDK builds these net10.0 projects the same way.
# Build policy first, then the project files of sbsim and everything it references, so restore is cached until
# one of them changes.
COPY Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig ./
COPY emulator/SoundBoxSim.Mqtt/SoundBoxSim.Mqtt.csproj emulator/SoundBoxSim.Mqtt/SoundBoxSim.Mqtt.csproj
COPY emulator/SoundBoxSim.Mqtt.Broker/SoundBoxSim.Mqtt.Broker.csproj emulator/SoundBoxSim.Mqtt.Broker/SoundBoxSim.Mqtt.Broker.csproj
COPY emulator/SoundBoxSim.Voice/SoundBoxSim.Voice.csproj emulator/SoundBoxSim.Voice/SoundBoxSim.Voice.csproj
COPY emulator/SoundBoxSim.Device.Protocol/SoundBoxSim.Device.Protocol.csproj emulator/SoundBoxSim.Device.Protocol/SoundBoxSim.Device.Protocol.csproj
COPY emulator/SoundBoxSim.Device/SoundBoxSim.Device.csproj emulator/SoundBoxSim.Device/SoundBoxSim.Device.csproj
COPY fakes/SoundBoxSim.SpeakerApi/SoundBoxSim.SpeakerApi.csproj fakes/SoundBoxSim.SpeakerApi/SoundBoxSim.SpeakerApi.csproj
COPY fakes/SoundBoxSim.SePay/SoundBoxSim.SePay.csproj fakes/SoundBoxSim.SePay/SoundBoxSim.SePay.csproj
COPY scenarios/SoundBoxSim.Host/SoundBoxSim.Host.csproj scenarios/SoundBoxSim.Host/SoundBoxSim.Host.csproj
COPY scenarios/SoundBoxSim.Cli/SoundBoxSim.Cli.csproj scenarios/SoundBoxSim.Cli/SoundBoxSim.Cli.csproj
RUN dotnet restore scenarios/SoundBoxSim.Cli/SoundBoxSim.Cli.csproj

# The sources (and the voice packs the voice embeds); tests/ and bench/ are not needed.
COPY emulator/ emulator/
COPY fakes/ fakes/
COPY scenarios/ scenarios/
RUN dotnet publish scenarios/SoundBoxSim.Cli/SoundBoxSim.Cli.csproj -c Release --no-restore -p:UseAppHost=false -o /app

FROM ubuntu:26.04
# The devices can speak through espeak-ng (libespeak-ng in-process, else the program); sox for working with the audio.
RUN apt-get update \
    && apt-get install -y --no-install-recommends aspnetcore-runtime-10.0 espeak-ng sox \
    && rm -rf /var/lib/apt/lists/*
# An unprivileged user; /data (pairings, device memory, endpoints file) belongs to it, so a named volume mounted
# there starts out writable.
RUN useradd --uid 10001 --user-group --create-home --shell /usr/sbin/nologin sbsim \
    && mkdir /data \
    && chown sbsim:sbsim /data
COPY --from=build /app /app
USER sbsim
WORKDIR /data
# 8080: the Speaker API and the control API; 8081: the fake SePay backend; 1883: the embedded MQTT broker (when no --broker is given).
EXPOSE 8080 8081 1883
ENTRYPOINT ["dotnet", "/app/sbsim.dll"]
CMD ["up", "--bind", "0.0.0.0"]
